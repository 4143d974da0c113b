"""Plausible wrong answers to the exercises fixed after the teacher's review (issue 15).

notebook stem → grade_id of the exercise's solution cell → the Rust source a student might put in
that cell instead of the reference solution. Each one runs without error: only the exercise's test
cell fails, on one of its asserts. All but the last are, in substance, answers that the tests accepted
before the fix (02 and 07 now ask for a differently named function: same mistake);
test_wrong_answers.py checks that each now scores 0.
"""

WRONG_ANSWERS = {
    "02-stockage-et-formats": {
        # Filters on the year of the date instead of the partition column: the counts are right, but the
        # query opens the four yearly folders (no partition pruning).
        "02-ex3-solution": """\
fn requete_jours(racine: &Path, annee: i32, temps: &str) -> Result<LazyFrame, SdiaError> {
    Ok(scan_partitioned(racine)?
        .filter(col("date").dt().year().eq(lit(annee)).and(col("weather").eq(lit(temps)))))
}
let neige_2012 = requete_jours(&racine, 2012, "snow")?;
println!("{}", neige_2012.explain(true)?);
neige_2012.collect()?.height()""",
    },
    "04-decrire-et-visualiser": {
        # The monthly means are right, but the chart draws the daily temperatures (any chart passed before).
        "04-ex4-solution": """\
fn moyennes_mensuelles(df: &DataFrame) -> Result<DataFrame, SdiaError> {
    Ok(df
        .clone()
        .lazy()
        .group_by([col("date").dt().truncate(lit("1mo")).alias("mois")])
        .agg([col("temp_max").mean()])
        .sort(["mois"], Default::default())
        .collect()?)
}

fn graphique_mensuel(df: &DataFrame) -> Result<Plot, SdiaError> {
    Ok(line_chart(df, "date", &["temp_max"])?.title("Température maximale moyenne par mois").y_label("°C"))
}""",
    },
    "07-classification-et-metriques": {
        # The rule the exercise used to teach: the smallest threshold whose precision reaches the target,
        # which adds false alerts without gaining recall (0.1 rather than 0.4 in the small example).
        "07-ex3-solution": """\
fn seuil_sous_precision(verite: &Series, scores: &Series, cible: f64) -> Result<f64, SdiaError> {
    let pr = precision_recall_curve(verite, scores, "malignant")?;
    pr.thresholds
        .iter()
        .zip(&pr.precision)
        .filter(|(_, p)| **p >= cible)
        .map(|(t, _)| *t)
        .reduce(f64::min)
        .ok_or_else(|| SdiaError::InvalidInput(format!("aucun seuil n'atteint une précision de {cible}")))
}""",
    },
    "08-selection-et-optimisation": {
        # A constant answer: every case of the former tests expected `false`.
        "08-ex3-solution": """\
fn boosting_bat_reference(df: &DataFrame, variables: &[String], cible: &str) -> Result<bool, SdiaError> {
    let _ = (df, variables, cible);
    Ok(false)
}""",
    },
    "12-risques-et-decisions": {
        # « With fewer criteria the front can only shrink »: filters the three-criteria front, and so misses an
        # architecture beaten only on latency by one it ties on cost and accuracy. (The former tests failed it
        # only because their small table had no latency column.)
        "12-ex4-solution": """\
fn optimales_cout_exactitude(df: &DataFrame) -> Result<Vec<String>, SdiaError> {
    let trois = ParetoFront::from_frame(
        df,
        "architecture",
        &[Objective::minimize("cout_keur"), Objective::minimize("latence_ms"), Objective::maximize("exactitude")],
    )?;
    let optimales = trois.optimal();
    let masque: BooleanChunked = df.column("architecture")?.str()?.iter()
        .map(|id| id.is_some_and(|id| optimales.contains(&id)))
        .collect();
    let candidates = df.filter(&masque)?;
    let deux = ParetoFront::from_frame(
        &candidates,
        "architecture",
        &[Objective::minimize("cout_keur"), Objective::maximize("exactitude")],
    )?;
    Ok(deux.optimal().into_iter().map(str::to_string).collect())
}""",
    },
}
