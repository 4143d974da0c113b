"""Plausible wrong answers to exercises (issue 15): those fixed after the teacher's review, those
added for the competencies that had no graded exercise (B1, B12, C9, D8), and one per checkpoint of
notebooks 01-04 (the short 1-point exercises inside the lessons, `<nn>-pc<k>`), which a hidden test of
the checkpoint fails.

notebook stem → grade_id of the exercise's solution cell → the Rust source a student might put in
that cell instead of the reference solution. Each one runs without error: only the exercise's test
cell fails, on one of its asserts. Those of the fixed exercises are, in substance, answers that the
tests accepted before the fix (02-ex3 and 07 now ask for a differently named function: same
mistake); test_wrong_answers.py checks that each now scores 0.
"""

WRONG_ANSWERS = {
    "01-sources-et-collecte": {
        # Forgets the end of the semester: right while the table holds 2012 alone, wrong once 2013 is in it.
        "01-pc1-solution": """\
fn pluie_second_semestre_2012(base: &Database) -> Result<usize, SdiaError> {
    let requete = "SELECT * FROM releves WHERE weather = 'rain' AND date >= '2012-07-01'";
    Ok(base.query(requete)?.height())
}
pluie_second_semestre_2012(&base)?""",
        # Adds up the columns' missing values: the 2 unmeasured penguins are also among the 11 without sex.
        "01-pc2-solution": """\
let manchots_incomplets: usize = {
    11 + 2
};
manchots_incomplets""",
    },
    "02-stockage-et-formats": {
        # Lowercases the addresses but keeps the spaces around them: ' x@y.fr' and 'x@y.fr' get two codes.
        "02-pc1-solution": """\
fn pseudonymiser_emails(df: &DataFrame, cle: &str) -> Result<DataFrame, SdiaError> {
    let minuscules = df.assign([col("email").str().to_lowercase()])?;
    pseudonymize(&minuscules, &["email"], cle)
}
pseudonymiser_emails(&clients.select(["id_client", "email"])?, &cle)?.head(Some(3))""",
        # One file per (year, weather) pair, as if every pair occurred (there was no snow in 2015, for one).
        "02-pc2-solution": """\
let fichiers_annee_temps: usize = {
    4 * 5
};
fichiers_annee_temps""",
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
        # Keeps the data in memory whenever they fit, with no room left to compute (10 GB on a 16 GB machine).
        "02-ex5-solution": """\
struct Besoin {
    lignes: u64,
    octets_par_ligne: u64,
    memoire_go: f64,
    ecritures_concurrentes: bool,
    schema_variable: bool,
}

fn choix_stockage(besoin: &Besoin) -> String {
    let volume_go = besoin.lignes as f64 * besoin.octets_par_ligne as f64 / 1e9;
    let choix = if besoin.schema_variable {
        "nosql"
    } else if besoin.ecritures_concurrentes {
        "relationnel"
    } else if volume_go > 1000.0 {
        "distribue"
    } else if volume_go <= besoin.memoire_go {
        "memoire"
    } else {
        "parquet"
    };
    choix.to_string()
}

let releves = Besoin { lignes: 400_000_000, octets_par_ligne: 60, memoire_go: 16.0, ecritures_concurrentes: false, schema_variable: false };
choix_stockage(&releves)""",
    },
    "03-nettoyage-et-encodage": {
        # The colleague's code of the checkpoint: the median is learned on the training rows and the lot together.
        "03-pc1-solution": """\
fn completer_revenus(entrainement: &DataFrame, lot: &DataFrame) -> Result<DataFrame, SdiaError> {
    let mut tout = entrainement.clone();
    tout.vstack_mut(lot)?;
    Imputer::new().median(&["revenu_mensuel"]).fit(&tout)?.transform(lot)
}
completer_revenus(&entrainement, &nouveaux)?.select(["id_client", "revenu_mensuel"])?.head(Some(3))""",
        # drop_first read as one column fewer in all, instead of one fewer per encoded variable.
        "03-pc2-solution": """\
let colonnes_drop_first: usize = {
    nouveaux_encodes.width() - 1
};
colonnes_drop_first""",
        # Reads the dates the French way (day first): 03/04/2024 becomes 3 April, and 12/25/2023 is lost.
        "03-ex6-solution": """\
fn lire_export_us(df: &DataFrame) -> Result<DataFrame, SdiaError> {
    let montants = df
        .clone()
        .lazy()
        .with_column(col("montant").str().replace_all(lit(","), lit(""), true).cast(DataType::Float64))
        .collect()?;
    parse_dates(&montants, "date", &["%d/%m/%Y"])
}

let ventes_boston = df!(
    "client" => ["B01", "B02", "B03", "B04"],
    "montant" => ["2,350.50", "-3.5", "12", ""],
    "date" => ["03/04/2024", "12/25/2023", "07/14/2024", "01/31/2024"],
)?;
lire_export_us(&ventes_boston)?""",
    },
    "09-deploiement-et-suivi": {
        # Treats every file of the folder as a batch: LISEZMOI.txt is "refused" and copied to be examined.
        "09-ex4-solution": """\
use std::path::Path;

fn noter_dossier(modele: &impl Model, entree: &Path, sortie: &Path, a_examiner: &Path) -> Result<(usize, usize), Box<dyn std::error::Error>> {
    let (mut notes, mut refuses) = (0, 0);
    for element in std::fs::read_dir(entree)? {
        let chemin = element?.path();
        let nom = chemin.file_name().ok_or("un fichier sans nom")?;
        match predict_file(modele, &chemin, sortie.join(nom)) {
            Ok(_) => notes += 1,
            Err(_) => {
                std::fs::copy(&chemin, a_examiner.join(nom))?;
                refuses += 1;
            }
        }
    }
    Ok((notes, refuses))
}""",
    },
    "04-decrire-et-visualiser": {
        # Weeks of '7d': seven days counted from Thursday 1 January 1970, not Monday-to-Sunday weeks. Seattle's
        # two edge weeks are incomplete either way; two full weeks from a Monday are not.
        "04-pc1-solution": """\
fn semaines_incompletes(df: &DataFrame) -> Result<usize, SdiaError> {
    let par_semaine = rows_per_period(df, "date", "7d")?;
    Ok(par_semaine.rows_where(col("rows").lt(lit(7)))?.height())
}
semaines_incompletes(&meteo)?""",
        # The species of a first try written into the filter: every species gets the Adelie test.
        "04-pc2-solution": """\
fn test_sexe(df: &DataFrame, espece: &str) -> Result<TTest, SdiaError> {
    let groupe = df.rows_where(col("species").eq(lit("Adelie")))?;
    welch_t_test(&groupe, "body_mass_g", "sex")
}
for espece in ["Adelie", "Chinstrap", "Gentoo"] {
    let t = test_sexe(&manchots, espece)?;
    println!("{espece} : femelles {:.0} g, mâles {:.0} g, t = {:.2}, p = {:.1e}", t.means.0, t.means.1, t.statistic, t.p_value);
}""",
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
    "16-indicateurs-et-amelioration": {
        # Counts the day of the change as "before" (<= instead of <): both means move.
        "16-ex4-solution": """\
fn effet_du_changement(mesures: &DataFrame, date: &str, indicateurs: &[&str]) -> Result<DataFrame, SdiaError> {
    let avant_le_changement = col("date").cast(DataType::String).lt_eq(lit(date));
    let (mut avant, mut apres, mut ecart, mut effet) = (vec![], vec![], vec![], vec![]);
    for &indicateur in indicateurs {
        let resume = mesures
            .clone()
            .lazy()
            .select([
                col(indicateur).filter(avant_le_changement.clone()).mean().alias("avant"),
                col(indicateur).filter(avant_le_changement.clone().not()).mean().alias("apres"),
                col(indicateur).filter(avant_le_changement.clone()).std(1).alias("sigma"),
            ])
            .collect()?;
        let valeur = |nom: &str| -> Result<f64, SdiaError> {
            Ok(resume.column(nom)?.cast(&DataType::Float64)?.f64()?.get(0).unwrap_or(f64::NAN))
        };
        let (a, b, sigma) = (valeur("avant")?, valeur("apres")?, valeur("sigma")?);
        avant.push(a);
        apres.push(b);
        ecart.push(b - a);
        effet.push((b - a) / sigma);
    }
    Ok(df!("indicateur" => indicateurs, "avant" => avant, "apres" => apres, "ecart" => ecart, "effet" => effet)?)
}

let effets = effet_du_changement(&mesures, "2027-04-10", &["duree_pipeline_min", "mape_jour_pct"])?;
effets""",
    },
}
