"""Generate the indicator files of the Vélo+ scenario (notebook 16, indicators and continuous
improvement). Synthetic data (made up by this script, seed fixed), released under CC0.

- velo_kpis.csv: the platform's KPIs at month 4 (end of April 2027): target, actual, which way
  is better ("hausse" / "baisse"), tolerance, unit.
- velo_mesures.csv: 60 days (1 March – 29 April 2027) of the nightly pipeline run time and of
  the day's forecast error (MAPE). Planted: an incident on 18 March (one very slow run) and a
  lasting slow-down from 10 April (weather data added to the pipeline, +7 minutes).
- velo_journal_taches.csv: the team's task log, 80 tasks from 4 January to 28 May 2027
  (started, finished; the last few still in progress).
- velo_veille.csv: 120 dated items of a technology watch (2023–2026), French or English titles
  and abstracts on LLMs, MLOps, streaming, privacy and data quality. Planted: LLM items grow
  from about 6 % to about 55 % of the watch; streaming and data quality decline.
- velo_veille_themes.csv: the watch's topics and their keywords.
"""
import csv
import datetime as dt
import random

rng = random.Random(2027)


def write(name, header, rows):
    with open(name, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


# ---------------------------------------------------------------- KPIs at month 4
write(
    "velo_kpis.csv",
    ["kpi", "categorie", "target", "actual", "direction", "tolerance", "unit"],
    [
        ["MAPE prévision J+1", "modèle", 18.0, 19.4, "baisse", 0.10, "%"],
        ["Rappel pannes", "modèle", 0.70, 0.64, "hausse", 0.05, ""],
        ["Précision pannes", "modèle", 0.60, 0.66, "hausse", "", ""],
        ["Fraîcheur des données", "données", 15, 12, "baisse", 0.10, "min"],
        ["Stations couvertes", "données", 620, 598, "hausse", 0.05, "stations"],
        ["Latence API p95", "plateforme", 300, 410, "baisse", 0.10, "ms"],
        ["Disponibilité", "plateforme", 99.5, 99.62, "hausse", 0.005, "%"],
        ["Incidents ouverts", "plateforme", 10, 7, "baisse", 0.20, "tickets"],
        ["Vélos hors service", "métier", 4.0, 4.3, "baisse", 0.10, "%"],
        ["Satisfaction opérations", "métier", 4.0, 3.7, "hausse", 0.05, "/5"],
        ["Budget consommé", "projet", 58.0, 60.5, "baisse", 0.05, "%"],
    ],
)

# ---------------------------------------------------------------- daily measures
start = dt.date(2027, 3, 1)
rows = []
for i in range(60):
    day = start + dt.timedelta(days=i)
    minutes = rng.gauss(42.0, 1.6)
    if day >= dt.date(2027, 4, 10):
        minutes += 7.0  # weather data added to the nightly pipeline
    if day == dt.date(2027, 3, 18):
        minutes = 57.5  # incident: the station API timed out, retries
    mape = rng.gauss(18.5, 1.1)
    rows.append([day.isoformat(), round(minutes, 1), round(mape, 1)])
write("velo_mesures.csv", ["date", "duree_pipeline_min", "mape_jour_pct"], rows)

# ---------------------------------------------------------------- task log
KINDS = {
    "données": (["BL", "HB"], ["Connecteur", "Nettoyage", "Schéma", "Historisation", "Contrôles qualité"],
                ["API stations", "flux GBFS", "météo", "tickets atelier", "trajets", "capteurs vélos"]),
    "modèle": (["CD", "DN"], ["Baseline", "Variables", "Entraînement", "Évaluation", "Réglage"],
               ["prévision demande", "pannes", "saisonnalité", "stations voisines", "météo"]),
    "MLOps": (["EP"], ["Pipeline", "Déploiement", "Supervision", "Tests", "Registre"],
              ["nocturne", "API prévision", "modèle pannes", "alertes", "CI"]),
    "dataviz": (["GM"], ["Maquette", "Tableau de bord", "Carte", "Écran"], ["opérations", "atelier", "direction"]),
    "métier": (["FB", "AM"], ["Atelier", "Recette", "Spécification", "Entretien"],
               ["régulation", "maintenance", "indicateurs", "Mobilia"]),
}
kinds = list(KINDS)
weights = [0.3, 0.25, 0.2, 0.12, 0.13]
first = dt.date(2027, 1, 4)
last = dt.date(2027, 5, 28)
span = (last - first).days
tasks = []
for k in range(80):
    kind = rng.choices(kinds, weights)[0]
    people, verbs, objects = KINDS[kind]
    offset = round(k * span / 78 + rng.uniform(-3, 3))
    started = first + dt.timedelta(days=max(0, offset))
    while started.weekday() >= 5:
        started += dt.timedelta(days=1)
    duration = max(1, round(rng.lognormvariate(1.75, 0.55)))
    if kind == "modèle":
        duration += rng.randint(0, 4)
    finished = started + dt.timedelta(days=duration)
    while finished.weekday() >= 5:
        finished += dt.timedelta(days=1)
    done = finished <= last
    tasks.append([
        f"J{k + 1:03d}",
        f"{rng.choice(verbs)} {rng.choice(objects)}",
        kind,
        rng.choice(people),
        started.isoformat(),
        finished.isoformat() if done else "",
    ])
write("velo_journal_taches.csv", ["id", "titre", "type", "responsable", "started", "finished"], tasks)

# ---------------------------------------------------------------- technology watch
THEMES = {
    "LLM": "llm; llms; grand modèle de langage; grands modèles de langage; large language model; "
           "large language models; ia générative; generative ai; rag",
    "MLOps": "mlops; model registry; registre de modèles; feature store; model monitoring; "
             "supervision des modèles; déploiement de modèles",
    "Streaming": "streaming; kafka; flink; temps réel; real-time; event-driven",
    "Confidentialité": "rgpd; gdpr; données personnelles; personal data; privacy; anonymisation; "
                       "anonymization; ai act",
    "Qualité des données": "qualité des données; data quality; data contract; data contracts; "
                           "contrat de données; observabilité des données; data observability",
}
write("velo_veille_themes.csv", ["topic", "keywords"], [[t, k] for t, k in THEMES.items()])

TEXTS = {
    "LLM": [
        ("fr", "Les grands modèles de langage pour la maintenance",
         "Un retour d'expérience sur un LLM qui résume les tickets d'atelier et propose un diagnostic."),
        ("en", "RAG for operations teams",
         "How retrieval-augmented generation (RAG) grounds a large language model in internal documents."),
        ("en", "Evaluating LLMs in production",
         "Benchmarks, hallucinations and costs: what teams learned running LLMs for customer support."),
        ("fr", "IA générative et service client",
         "L'IA générative répond aux usagers d'un réseau de transport ; limites et garde-fous."),
        ("en", "Small language models at the edge",
         "Generative AI on small devices: when a distilled LLM is enough."),
    ],
    "MLOps": [
        ("fr", "Industrialiser le déploiement de modèles",
         "Une chaîne MLOps complète : tests, registre de modèles et déploiement continu."),
        ("en", "Model monitoring beyond accuracy",
         "Model monitoring with drift metrics and business KPIs; alerts that people read."),
        ("en", "Feature store patterns",
         "When a feature store pays off, and when a few tables are enough. An MLOps perspective."),
        ("fr", "Supervision des modèles en production",
         "Superviser la dérive et la qualité des prédictions : la supervision des modèles au quotidien."),
    ],
    "Streaming": [
        ("en", "Kafka 4.0 release notes",
         "Kafka drops ZooKeeper; what changes for streaming pipelines."),
        ("fr", "Le temps réel pour la régulation",
         "Des flux Kafka pour suivre les stations en temps réel et déclencher la régulation."),
        ("en", "Flink for event-driven analytics",
         "Stateful stream processing with Flink: windows, watermarks and late events."),
        ("fr", "Streaming ou micro-lots ?",
         "Comparer le streaming et les traitements par lots pour des indicateurs à la minute."),
    ],
    "Confidentialité": [
        ("fr", "RGPD et données de mobilité",
         "Les trajets sont des données personnelles : pseudonymisation, durée de conservation, RGPD."),
        ("en", "The AI Act timeline",
         "What the AI Act requires from high-risk systems, and when; a privacy checklist."),
        ("en", "Anonymization of trip data",
         "Why removing identifiers is not anonymization: re-identification from GPS traces."),
        ("fr", "Anonymisation et open data",
         "Publier des données ouvertes sans exposer les usagers : méthodes d'anonymisation."),
    ],
    "Qualité des données": [
        ("fr", "Contrôler la qualité des données à l'entrée",
         "Des règles de qualité des données testées à chaque chargement, avec alertes."),
        ("en", "Data contracts in practice",
         "Data contracts between producers and consumers: schemas, owners and SLAs."),
        ("en", "Data observability tools compared",
         "Freshness, volume and schema checks: a review of data observability tools."),
        ("fr", "Qualite des donnees : le cout des erreurs",
         "Mesurer le coût d'une mauvaise qualite des donnees dans un service de mobilité."),
    ],
}
SOURCES = {"fr": ["Blog technique", "Meetup Lyon Data", "Revue Mobilités", "Conférence"],
           "en": ["Release notes", "Engineering blog", "Conference talk", "Newsletter"]}
topics = list(TEXTS)
rng = random.Random(2023)  # the watch has its own draws
watch = []
for q in range(16):  # 2023-Q1 … 2026-Q4
    t = q / 15
    w = [0.06 + 0.60 * t, 0.24, 0.30 - 0.22 * t, 0.14 + 0.08 * t, 0.26 - 0.14 * t]
    for _ in range(7 if q % 2 else 8):
        topic = rng.choices(topics, w)[0]
        lang, title, abstract = rng.choice(TEXTS[topic])
        if rng.random() < 0.3:
            other = rng.choice([x for x in topics if x != topic])
            extra = rng.choice(TEXTS[other])[2]
            abstract = f"{abstract} {extra}"
        year, quarter = 2023 + q // 4, q % 4
        day = dt.date(year, 3 * quarter + 1, 1) + dt.timedelta(days=rng.randint(0, 89))
        watch.append([day.isoformat(), rng.choice(SOURCES[lang]), lang, title, abstract])
watch.sort(key=lambda r: r[0])
write("velo_veille.csv", ["date", "source", "langue", "titre", "resume"], watch)
