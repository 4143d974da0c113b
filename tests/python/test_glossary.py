"""The course's French glossary (notebooks/GLOSSAIRE.md) holds in the notebooks' prose.

GLOSSAIRE.md has one markdown table under "## Termes": English term | chosen French term | variants
to avoid (comma-separated, "—" for none) | definition. Every markdown cell of every notebook is
checked for the variants, case-insensitively, as whole words (a hyphen joins words: "k-fold" is not
"fold"), each word allowed a plural -s or -x. Code is not prose: inline code, fenced code blocks,
URLs and link targets are left out, and so is the quoted-English form the glossary allows, an
italic term inside parentheses: "les variables explicatives (*features*)", "(en anglais *notebook*)".
Every chosen term must occur in at least one notebook, so the glossary describes the course.
"""

import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "notebooks" / "GLOSSAIRE.md"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

NONE = {"", "—", "-"}


def parse_glossary(text):
    """The rows of the first table after "## Termes": dicts with english, term, avoid (a list)
    and definition."""
    lines = text.splitlines()
    start = lines.index("## Termes")
    rows, in_table = [], False
    for line in lines[start + 1:]:
        if line.startswith("## "):
            break
        if not line.startswith("|"):
            if in_table:
                break
            continue
        in_table = True
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or set(cells[0]) <= set("-: ") or cells[0] == "anglais":
            continue
        english, term, avoid, definition = cells
        variants = [] if avoid in NONE else [v.strip() for v in avoid.split(",") if v.strip()]
        rows.append({"english": english, "term": term, "avoid": variants, "definition": definition})
    return rows


ITALIC = re.compile(r"(?<![*\w])\*[^*\s][^*]*?\*(?![*\w])|(?<![_\w])_[^_\s][^_]*?_(?![_\w])")


def prose(markdown, quoted=False):
    """The text of a markdown cell without code, URLs, link targets and (unless `quoted`) the quoted
    English terms; each removed span becomes a space, so that words on either side stay apart."""
    text = re.sub(r"^(```|~~~).*?^\1[^\n]*$", " ", markdown, flags=re.S | re.M)
    text = re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", " ", text, flags=re.S)
    text = re.sub(r"<https?://[^>]*>", " ", text)
    text = re.sub(r"\]\([^)]*\)", "] ", text)
    text = re.sub(r"^\s*\[[^\]]+\]:\s*\S+.*$", " ", text, flags=re.M)
    text = re.sub(r"https?://\S+", " ", text)
    if not quoted:
        text = re.sub(r"\([^()]*\)", lambda m: ITALIC.sub(" ", m.group(0)), text)
    return text


def pattern(phrase):
    """A regex for a glossary phrase: whole words, any case, any whitespace between words,
    either apostrophe, an optional plural -s/-x on each word."""
    words = []
    for word in phrase.split():
        words.append(re.sub("['’]", "['’]", re.escape(word)) + "(?:s|x)?")
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?![\w-])", re.I)


def markdown_cells(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [(i, "".join(c["source"])) for i, c in enumerate(nb["cells"]) if c["cell_type"] == "markdown"]


def violations(entries, paths):
    """(notebook, cell index, word as written, term to use) for every rejected variant found."""
    rules = [(pattern(v), e["term"]) for e in entries for v in e["avoid"]]
    found = []
    for path in paths:
        for index, source in markdown_cells(path):
            text = prose(source)
            for rx, term in rules:
                for m in rx.finditer(text):
                    found.append((path.name, index, " ".join(m.group(0).split()), term))
    return found


def entries():
    return parse_glossary(GLOSSARY.read_text(encoding="utf-8"))


def test_the_glossary_parses_to_at_least_15_complete_entries():
    rows = entries()
    assert len(rows) >= 15, f"GLOSSAIRE.md: {len(rows)} entries parsed, expected at least 15"
    incomplete = [r for r in rows if not (r["english"] and r["term"] and r["definition"])]
    assert not incomplete, f"entries without an English term, a chosen term or a definition: {incomplete}"
    terms = [r["term"].lower() for r in rows]
    assert len(terms) == len(set(terms)), f"a chosen term appears twice: {sorted(terms)}"
    for required in ["carnet", "jeu de données", "jeu d'entraînement", "jeu de test", "jeu de validation",
                     "variable explicative", "variable cible", "valeur manquante", "valeur aberrante",
                     "pipeline", "validation croisée", "surapprentissage", "segmentation", "tableau de bord",
                     "partie prenante", "noyau", "cellule"]:
        assert required in terms, f"GLOSSAIRE.md has no entry for « {required} »"


def test_no_variant_is_also_a_chosen_term():
    rows = entries()
    clashes = [(v, r["term"], other["term"]) for r in rows for v in r["avoid"] for other in rows
               if pattern(v).fullmatch(other["term"])]
    assert not clashes, f"variants that are the chosen term of an entry (variant, its entry, chosen term): {clashes}"


def test_every_chosen_term_occurs_in_a_notebook():
    texts = [prose(source, quoted=True) for path in NOTEBOOKS for _, source in markdown_cells(path)]
    missing = [r["term"] for r in entries() if not any(pattern(r["term"]).search(t) for t in texts)]
    assert not missing, f"chosen terms that no notebook uses (the glossary must describe the course): {missing}"


def test_no_notebook_prose_uses_a_rejected_variant():
    assert NOTEBOOKS, "no notebooks found"
    found = violations(entries(), NOTEBOOKS)
    assert not found, "rejected variants in the notebooks' markdown (see notebooks/GLOSSAIRE.md):\n" + "\n".join(
        f"  {name}, cell {index}: « {word} » → use « {term} »" for name, index, word, term in found)


def test_the_check_finds_variants_and_leaves_code_links_and_quoted_english_alone(tmp_path):
    rows = [{"english": "notebook", "term": "carnet", "avoid": ["notebook"], "definition": "…"},
            {"english": "training set", "term": "jeu d'entraînement", "avoid": ["jeu d'apprentissage"],
             "definition": "…"},
            {"english": "fold", "term": "pli", "avoid": ["fold"], "definition": "…"}]
    cells = [
        "Ouvrez le Notebook suivant.",                                    # 0: flagged
        "Les `notebook` et ```\nnotebook\n``` sont du code.",              # 1
        "Voir [le guide](https://example.org/notebook) ou https://x.org/notebooks.",  # 2
        "Un carnet (en anglais *notebook*), les variables (*features*).",  # 3
        "Sur le jeu\nd’apprentissage, puis les jeux d'apprentissage.",     # 4: flagged twice
        "La méthode k-fold coupe en plis.",                                # 5
        "Ce *notebook* n'est pas entre parenthèses.",                      # 6: flagged
    ]
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": [c]} for c in cells]
          + [{"cell_type": "code", "metadata": {}, "source": ["// notebook"], "outputs": []}],
          "metadata": {}}
    path = tmp_path / "99-essai.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert violations(rows, [path]) == [
        ("99-essai.ipynb", 0, "Notebook", "carnet"),
        ("99-essai.ipynb", 4, "jeu d’apprentissage", "jeu d'entraînement"),
        ("99-essai.ipynb", 4, "jeux d'apprentissage", "jeu d'entraînement"),
        ("99-essai.ipynb", 6, "notebook", "carnet"),
    ]


def test_the_parser_reads_the_table_format():
    text = "# G\n\n## Termes\n\nFormat…\n\n| anglais | terme retenu | à éviter | définition |\n|---|---|---|---|\n" \
           "| notebook | carnet | notebook, calepin | Un document. |\n| cell | cellule | — | Une unité. |\n\n" \
           "| x | y | z | w |\n\n## Autre\n"
    assert parse_glossary(text) == [
        {"english": "notebook", "term": "carnet", "avoid": ["notebook", "calepin"], "definition": "Un document."},
        {"english": "cell", "term": "cellule", "avoid": [], "definition": "Une unité."},
    ]
