"""Generate the architecture data of the Vélo+ project (Mobilia's bike-sharing network).

The data is synthetic (made up by this script, seed fixed) and released under CC0.

- velo_flux.csv: the inventory of the data flows entering the Vélo+ platform (source,
  protocol, format, rate per period, mean record size in bytes). The record sizes of the
  IoT flows are measured on sample messages built here (JSON of a station's docks, GPS
  positions, vibration summaries), so they are plausible rather than round.
- velo_pipeline.csv: the processing stages, from ingestion to monitoring, with the downstream
  stages (`next`, separated by ';'), the tool, the data received a day, the retention, the
  compute hours a day and the power drawn.
- velo_raci.csv: the RACI matrix of the project (consulting team, client, and Mobilia's
  network, systems and software owners). One problem is planted on purpose: the task
  "Mise en production de l'API" has two accountables (A), EP and MG.
"""
import csv
import json
import random

rng = random.Random(2027)
STATIONS, BIKES = 620, 9000


def mean_size(messages):
    sizes = [len(json.dumps(m, separators=(",", ":")).encode("utf-8")) for m in messages]
    return round(sum(sizes) / len(sizes))


def station_message(i):
    docks = rng.randint(16, 40)
    return {
        "station_id": f"ST{i:04d}", "ts": "2027-01-11T08:15:30Z", "firmware": "4.2.1",
        "docks": [{"n": d, "state": rng.choice(["libre", "occupe", "occupe", "hs"]),
                   "bike": f"V{rng.randint(1, BIKES):05d}", "lock_v": round(rng.uniform(11.5, 12.8), 2)}
                  for d in range(docks)],
    }


def gps_message():
    return {"bike": f"V{rng.randint(1, BIKES):05d}", "ts": "2027-01-11T08:15:31Z",
            "lat": round(rng.uniform(45.70, 45.80), 6), "lon": round(rng.uniform(4.78, 4.92), 6),
            "speed_kmh": round(rng.uniform(0, 25), 1), "battery": rng.randint(5, 100)}


def vibration_message():
    return {"bike": f"V{rng.randint(1, BIKES):05d}", "ts": "2027-01-11T08:15:31Z",
            "rms": [round(rng.uniform(0, 3), 3) for _ in range(3)],
            "spectrum": [round(rng.uniform(0, 1), 3) for _ in range(64)],
            "brake_temp": round(rng.uniform(5, 60), 1), "odometer_km": rng.randint(0, 20000)}


docks_bytes = mean_size([station_message(i) for i in range(1, STATIONS + 1)])
gps_bytes = mean_size([gps_message() for _ in range(2000)])
vibration_bytes = mean_size([vibration_message() for _ in range(2000)])

# flow, source, protocol, format, rate, period, record_bytes
FLOWS = [
    ("bornes_etat", "Bornes IoT des 620 stations (état des points d'attache toutes les 30 s)",
     "MQTT", "JSON", 2 * STATIONS, "minute", docks_bytes),
    ("gps_velos", "Boîtiers GPS des 9 000 vélos (une position par minute)",
     "MQTT", "JSON", BIKES, "minute", gps_bytes),
    ("vibrations_velos", "Capteurs de vibration des vélos en course (≈ 1 350 vélos, toutes les 10 s)",
     "MQTT", "JSON", 135, "second", vibration_bytes),
    ("app_evenements", "Application mobile (ouvertures, recherches, réservations)",
     "HTTPS/REST", "JSON", 2_500_000, "day", 620),
    ("locations", "Base de facturation des locations (PostgreSQL)",
     "JDBC", "table SQL", 45_000, "day", 850),
    ("meteo_api", "API météo (prévisions horaires sur 96 points de la métropole)",
     "HTTPS/REST", "JSON", 96, "hour", 4_200),
    ("erp_maintenance", "Export quotidien de l'ERP de maintenance (interventions, pièces)",
     "SFTP", "CSV", 1, "day", 28_000_000),
    ("open_data_tc", "Open data des transports en commun (GTFS)",
     "HTTPS/REST", "ZIP (CSV)", 1, "day", 42_000_000),
    ("evenements_ville", "Agenda open data des événements (concerts, matchs)",
     "HTTPS/REST", "JSON", 24, "day", 3_500),
    ("tickets_support", "Tickets du centre d'appels (CRM)",
     "HTTPS/REST", "JSON", 1_200, "day", 2_400),
]

with open("velo_flux.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["flow", "source", "protocol", "format", "rate", "period", "record_bytes"])
    w.writerows(FLOWS)

# stage, next, tool, input_gb_day, retention_days, compute_hours_day, power_kw
STAGES = [
    ("ingestion_flux", "stockage_brut", "Kafka + passerelle MQTT", 11.6, 7, 24, 0.6),
    ("collecte_lots", "stockage_brut", "Airflow (SFTP, API, JDBC)", 0.12, 7, 1, 0.3),
    ("stockage_brut", "nettoyage", "Stockage objet S3 (Parquet)", 11.7, 30, 24, 0.15),
    ("nettoyage", "entrepot", "Spark (contrôles, pseudonymisation GPS)", 11.7, 0, 3, 2.4),
    ("entrepot", "features;tableaux_de_bord", "Lakehouse Delta Lake", 2.0, 1095, 24, 0.2),
    ("features", "entrainement_demande;entrainement_pannes", "dbt + Feast", 2.0, 30, 1.5, 1.6),
    ("tableaux_de_bord", "", "Superset", 0.0, 0, 24, 0.1),
    ("entrainement_demande", "service_api", "LightGBM (réentraînement quotidien)", 1.2, 0, 2, 1.2),
    ("entrainement_pannes", "service_api", "XGBoost (réentraînement hebdomadaire)", 0.4, 0, 0.5, 1.2),
    ("service_api", "supervision", "API REST (Kubernetes)", 0.3, 30, 24, 0.4),
    ("supervision", "", "Prometheus + Grafana + Evidently", 0.5, 90, 24, 0.1),
]

with open("velo_pipeline.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["stage", "next", "tool", "input_gb_day", "retention_days",
                "compute_hours_day", "power_kw"])
    w.writerows(STAGES)

PEOPLE = ["AM", "BL", "CD", "DN", "EP", "FB", "GM", "HB", "IR", "MG", "TL", "SG", "NF"]
# task: {person: role}; TL network, SG systems, NF software owner at Mobilia.
RACI = [
    ("Inventaire des flux de données", {"HB": "A", "BL": "R", "FB": "C", "TL": "C", "SG": "C", "NF": "C", "AM": "I", "MG": "I"}),
    ("Ouverture des flux MQTT (pare-feu, VPN)", {"MG": "A", "TL": "R", "BL": "C", "HB": "C", "EP": "C", "AM": "I"}),
    ("Dimensionnement de l'ingestion", {"HB": "A", "BL": "R", "TL": "C", "SG": "C", "MG": "I"}),
    ("Hébergement et sauvegardes", {"MG": "A", "SG": "R", "EP": "C", "HB": "C", "AM": "I"}),
    ("Pipeline de nettoyage et pseudonymisation", {"HB": "A", "BL": "R", "CD": "C", "FB": "C", "SG": "I"}),
    ("Analyse d'impact RGPD (AIPD)", {"IR": "A", "AM": "R", "HB": "C", "MG": "C", "BL": "I"}),
    ("Modèle de prévision de la demande", {"CD": "A/R", "DN": "R", "FB": "C", "IR": "I", "AM": "I"}),
    ("Modèle de pannes (maintenance prédictive)", {"CD": "A", "DN": "R", "FB": "C", "IR": "C", "AM": "I"}),
    ("Intégration de l'API au SI de Mobilia", {"NF": "A", "EP": "R", "HB": "C", "SG": "C", "MG": "I"}),
    ("Mise en production de l'API", {"EP": "A/R", "MG": "A", "SG": "C", "TL": "C", "NF": "C", "AM": "I"}),
    ("Supervision et alertes", {"EP": "A", "SG": "R", "CD": "C", "NF": "I", "IR": "I"}),
    ("Tableaux de bord opérationnels", {"GM": "A/R", "FB": "C", "IR": "C", "CD": "C"}),
    ("Recette métier", {"IR": "A", "FB": "R", "GM": "C", "CD": "C", "AM": "I"}),
    ("Comité de pilotage mensuel", {"AM": "A/R", "IR": "C", "MG": "C", "HB": "I"}),
]

with open("velo_raci.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["task"] + PEOPLE)
    for task, roles in RACI:
        w.writerow([task] + [roles.get(p, "") for p in PEOPLE])
