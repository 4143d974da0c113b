# nbgrader configuration for the sdia notebooks (Rust cells).
# Copy this file into the course directory (next to source/) before running nbgrader.
c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "sdia"
# What replaces a solution region in the students' copy: a comment and `todo!()`, which keeps
# the cell compiling (its type is `!`) and fails clearly when run.
c.ClearSolutions.code_stub = {"rust": "// VOTRE CODE ICI\ntodo!()"}
c.ClearSolutions.text_stub = "VOTRE RÉPONSE ICI"
# Grading runs every cell through the sdia kernel; a compile takes about a second.
c.ExecutePreprocessor.timeout = 600
