//! Statistical charts on DataFrames, drawn with plotters: inline SVG, PNG on request, files.
