"""Cells as students of the course write them, run in this order in one session.

Each entry: the cell's code, then what it must give:
- ("ok", text): the cell succeeds and its result's text/plain (or, if it has none, its stdout)
  equals `text` (None: anything, as long as the cell succeeds);
- ("contains", text): the cell succeeds and its result or stdout contains `text`;
- ("error", text): the cell fails and its error (ename, evalue, traceback) contains `text`.
Expected values come from Rust's own semantics and the data in the cell, not from the kernel.
"""

CELLS = [
    # --- values, shadowing, arithmetic
    ("let a = 10;\nlet b = 32;\na + b", ("ok", "42")),
    ("let x = 2.5;\nx * 2.0", ("ok", "5.0")),
    ("let x = x + 1.0;\nx", ("ok", "3.5")),
    ("let mut total = 0;\nfor i in 1..=4 { total += i; }\ntotal", ("ok", "10")),
    ("total += 5;\ntotal", ("ok", "15")),
    ("let n = 3;\nlet v = vec![1, 2, 3];\nv.len() == n", ("ok", "true")),
    ("let moyenne = (12.0 + 15.0 + 9.0) / 3.0;\nmoyenne", ("ok", "12.0")),
    # an element of a collection of literals: nothing settles its type but Rust's defaults
    ("let notes = vec![12, 15];\nlet deuxieme = notes[1];\ndeuxieme", ("ok", "15")),
    ("let paire = [3, 4];\nlet premier = paire[0];", ("ok", None)),
    ("premier + deuxieme", ("ok", "18")),
    ("let poids = vec![1.5, 2.5];\nlet leger = poids[0];\nleger", ("ok", "1.5")),
    # --- strings and slices
    ('let nom = "Cnam";\nnom.len()', ("ok", "4")),
    ('let text = String::from("Bonjour");\nlet slice = &text[0..3];\nslice.to_uppercase()', ("ok", '"BON"')),
    ("slice", ("ok", '"Bon"')),
    ('let phrase = format!("{} et {}", "pandas", "polars");\nphrase', ("ok", '"pandas et polars"')),
    ('let mots: Vec<&str> = "a b c".split(\' \').collect();\nmots.len()', ("ok", "3")),
    ('let upper = nom.to_uppercase();\nupper', ("ok", '"CNAM"')),
    ('let names = vec![String::from("Ada"), String::from("Alan")];\nlet first = &names[0];\nfirst.len()', ("ok", "3")),
    ("first.clone() + \"!\"", ("ok", '"Ada!"')),
    # --- tuples and patterns
    ("let (p, q) = (3, 4.5);\np", ("ok", "3")),
    ("q * 2.0", ("ok", "9.0")),
    ("let (mut lo, hi) = (1, 9);\nlo += 1;\nhi - lo", ("ok", "7")),
    ("lo", ("ok", "2")),
    ("let [u, w] = [10, 20];\nu + w", ("ok", "30")),
    # --- closures and iterators kept for later cells
    ("let square = |x: f64| x * x;", ("ok", None)),
    ("square(3.0)", ("ok", "9.0")),
    ("let k = 10.0;\nlet add_k = move |x: f64| x + k;", ("ok", None)),
    ("add_k(1.5)", ("ok", "11.5")),
    ("let evens = (1..=10).filter(|i| i % 2 == 0);", ("ok", None)),
    ("evens.sum::<i32>()", ("ok", "30")),
    ("let doubled: Vec<i32> = v.iter().map(|x| x * 2).collect();\ndoubled", ("ok", "[2, 4, 6]")),
    ("let total_v: i32 = v.iter().sum();\ntotal_v", ("ok", "6")),
    # --- collections whose type comes from later lines
    ('use std::collections::HashMap;\nlet mut counts = HashMap::new();\nfor w in ["a", "b", "a"] { *counts.entry(w).or_insert(0) += 1; }\ncounts["a"]', ("ok", "2")),
    ('counts["b"]', ("ok", "1")),
    ("let mut seen = Vec::new();\nseen.push(1.5);\nseen.len()", ("ok", "1")),
    ("seen[0]", ("ok", "1.5")),
    ("let mut tags = std::collections::BTreeSet::new();\ntags.insert(\"x\");\ntags.len()", ("ok", "1")),
    # --- Option and Result
    ("let found = v.iter().position(|&x| x == 2);\nfound", ("ok", "Some(1)")),
    ("let missing: Option<i32> = None;\nmissing.unwrap_or(-1)", ("ok", "-1")),
    ('let parsed: Result<i32, _> = "42".parse::<i32>();\nparsed.is_ok()', ("ok", "true")),
    ('let bad = "x".parse::<i32>();\nbad.is_err()', ("ok", "true")),
    ('let nombre: i32 = "17".parse()?;\nnombre + 1', ("ok", "18")),
    ('let oops: i32 = "dix".parse()?;', ("error", "invalid digit")),
    ("nombre", ("ok", "17")),
    # an error returned with `?` names the line of that `?`; `?` on an Option ends the cell on None
    ('let cinq: i32 = "5".parse()?;\nlet six: i32 = "six".parse()?;\ncinq + six', ("error", "cell line 2\n   | let six")),
    ("let pair = v.iter().find(|x| **x % 2 == 0).copied()?;\npair", ("ok", "2")),
    ("let grand = v.iter().copied().find(|x| *x > 100)?;", ("error", "found `None`")),
    # rustc's suggestions are shown applied to the student's line
    ("let liste = Vec::new();\nliste.push(1);", ("error", "let mut liste = Vec::new();")),
    ("let reel: f64 = 2.0;\nlet somme = reel + 1;", ("error", "let somme = reel + 1.0;")),
    ("match found { Some(i) => i * 10, None => 0 }", ("ok", "10")),
    ("if let Some(i) = found { i } else { 0 }", ("ok", "1")),
    # --- user types across cells
    ("struct Point { x: f64, y: f64 }", ("ok", None)),
    ("impl Point { fn norm(&self) -> f64 { (self.x * self.x + self.y * self.y).sqrt() } }", ("ok", None)),
    ("let pt = Point { x: 3.0, y: 4.0 };\npt.norm()", ("ok", "5.0")),
    ("let Point { x: px, y: py } = pt;\npx + py", ("ok", "7.0")),
    ("#[derive(Debug, Clone, PartialEq)]\nenum Niveau { Bas, Haut }", ("ok", None)),
    ("let niveau = Niveau::Haut;\nniveau", ("ok", "Haut")),
    ("trait Aire { fn aire(&self) -> f64; }\nstruct Carre(f64);\nimpl Aire for Carre { fn aire(&self) -> f64 { self.0 * self.0 } }", ("ok", None)),
    ("let c = Carre(3.0);\nc.aire()", ("ok", "9.0")),
    ("fn double(x: i32) -> i32 { x * 2 }", ("ok", None)),
    ("double(21)", ("ok", "42")),
    ("fn double(x: i32) -> i32 { x * 3 }\ndouble(2)", ("ok", "6")),
    # --- the library: frames, destructuring, names that clash with the prelude
    ('let df = df!("x" => [1.0, 2.0, 3.0, 4.0], "y" => [2.0, 4.0, 6.0, 8.0])?;\ndf.height()', ("ok", "4")),
    ("let (nrows, ncols) = df.shape();\nnrows * 10 + ncols", ("ok", "42")),
    ("ncols", ("ok", "2")),
    ("let Split { train, test, .. } = train_test_split(&df, 0.25, 7)?;\ntrain.height() + test.height()", ("ok", "4")),
    ("test.height()", ("ok", "1")),
    ('let first = df.column("x")?.get(0)?.to_string();\nfirst', ("ok", '"1.0"')),
    ('let filtered = df.clone().lazy().filter(col("x").gt(lit(2.0))).collect()?;\nfiltered.height()', ("ok", "2")),
    ('let col = "y";\ncol.len()', ("ok", "1")),
    ('let s = df.column("x")?.as_materialized_series().clone();\ns.len()', ("ok", "4")),
    ('let stats = describe(&df)?;\nstats.height() > 0', ("ok", "true")),
    # --- errors stay clear and the session goes on
    ("let z = undefined_name + 1;", ("error", "undefined_name")),
    ("let idx = v[10];", ("error", "index out of bounds")),
    ('let lit = 3 + undefined_y;', ("error", "`lit` was not kept")),
    ('let owner = String::from("a b");\nlet parts: Vec<&str> = owner.split(\' \').collect();', ("error", "map(|x| x.to_owned())")),
    ('let parts: Vec<String> = "a b".split(\' \').map(|x| x.to_owned()).collect();\nparts.len()', ("ok", "2")),
    ("a + b", ("ok", "42")),
    # --- the graders' macros and std cannot be redefined (tests after the cell rely on them)
    ("macro_rules! assert_eq { ($($t:tt)*) => { () }; }", ("error", "redefines `assert_eq!`")),
    ("assert_eq!(double(4), 8)", ("error", "assertion `left == right` failed")),
    ("mod std { pub fn f() {} }", ("error", "redefines `std`")),
    ("macro_rules! carre { ($x:expr) => { $x * $x }; }\ncarre!(7)", ("ok", "49")),
]
