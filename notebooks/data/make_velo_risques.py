"""Writes the synthetic data of the notebook 12-risques-et-decisions (project « Vélo+ » for
Mobilia): risk register, mitigation actions, decision table of project methods and its
weights, SWOT items and candidate architectures. Deterministic (no randomness: every value is
written out below, chosen to be plausible for a 6-month data project); stdlib Python only.

Run from anywhere: python3 notebooks/data/make_velo_risques.py
"""

import csv
import pathlib

HERE = pathlib.Path(__file__).resolve().parent

# id, risk, category, owner, severity, occurrence, detection (scale 1-10)
RISQUES = [
    ("R01", "Données IoT des bornes incomplètes ou erronées (capteurs défaillants)", "externe", "BL", 8, 7, 6),
    ("R02", "Non-conformité RGPD des données de trajets", "externe", "AM", 9, 4, 5),
    ("R03", "Indisponibilité des interlocuteurs de Mobilia", "externe", "AM", 6, 6, 3),
    ("R04", "Départ de l'architecte data (personne clé)", "interne", "HB", 7, 3, 4),
    ("R05", "Dérive du coût du cloud", "interne", "EP", 5, 6, 5),
    ("R06", "Historique de pannes trop court pour la maintenance prédictive", "externe", "CD", 7, 5, 4),
    ("R07", "Dérive des données après la mise en production", "interne", "CD", 6, 6, 7),
    ("R08", "Retard d'accès aux API du SI de Mobilia", "externe", "BL", 6, 5, 3),
    ("R09", "Faible adoption par les équipes de maintenance", "externe", "GM", 7, 5, 6),
    ("R10", "Charge de travail sous-estimée", "interne", "AM", 6, 7, 4),
    ("R11", "Faille de sécurité de la plateforme", "interne", "EP", 9, 2, 6),
    ("R12", "Changement de périmètre demandé par le client", "externe", "FB", 5, 6, 3),
    ("R13", "Données météo et événements indisponibles", "externe", "BL", 4, 4, 2),
    ("R14", "Montée en compétence insuffisante du junior", "interne", "DN", 4, 5, 3),
    ("R15", "Prévisions de demande pas assez précises", "interne", "CD", 8, 4, 5),
]

# risk, action, cost (€), severity_after, occurrence_after, detection_after
MITIGATIONS = [
    ("R01", "Contrôles qualité automatiques à l'ingestion", 6000, 8, 7, 2),
    ("R01", "Remplacement des capteurs défectueux", 18000, 8, 3, 6),
    ("R02", "Analyse d'impact (AIPD) et pseudonymisation", 7000, 9, 2, 3),
    ("R03", "Comité de pilotage bimensuel et suppléants nommés", 1500, 6, 3, 2),
    ("R04", "Binôme et documentation de l'architecture", 4000, 4, 3, 3),
    ("R05", "Budgets et alertes de coût", 1000, 5, 6, 2),
    ("R05", "Environnements arrêtés automatiquement (serverless)", 5000, 3, 3, 5),
    ("R06", "Historique des ateliers de réparation ajouté", 5500, 7, 3, 4),
    ("R07", "Suivi de dérive et réentraînement mensuel", 8000, 6, 6, 2),
    ("R08", "Bac à sable d'API ouvert dès janvier", 2000, 6, 2, 3),
    ("R09", "Ateliers de co-conception avec les techniciens", 6500, 7, 2, 4),
    ("R09", "Formation et application mobile simplifiée", 12000, 5, 2, 3),
    ("R10", "Planning avec marges et revue hebdomadaire", 2500, 6, 4, 2),
    ("R11", "Audit de sécurité et tests d'intrusion", 9000, 9, 1, 3),
    ("R12", "Procédure de gestion des changements", 1000, 5, 3, 3),
    ("R13", "Second fournisseur de données météo", 2500, 4, 2, 2),
    ("R14", "Mentorat par la data scientist senior", 1500, 4, 2, 3),
    ("R15", "Modèle de référence et validation temporelle", 3000, 8, 2, 3),
]

# criterion, weight, description
CRITERES = [
    ("flexibilite", 25, "Besoins encore flous, appelés à évoluer"),
    ("tracabilite", 15, "Documentation et preuves de conformité (RGPD)"),
    ("visibilite_client", 20, "Livraisons fréquentes montrées à Mobilia"),
    ("maitrise_budget", 15, "Forfait : budget et périmètre tenus"),
    ("equipe", 10, "Adéquation à une équipe de 8 avec un junior"),
    ("integration_si", 15, "Intégration et tests avec le SI de Mobilia"),
]

# option + one score per criterion (1-5), in the order of CRITERES
METHODES = [
    ("cycle en V", 1, 5, 2, 5, 3, 4),
    ("itératif", 3, 4, 3, 4, 4, 4),
    ("agile (Scrum)", 5, 2, 5, 2, 4, 3),
    ("hybride", 4, 4, 4, 3, 3, 4),
]

# quadrant, item, weight, score (1-5)
SWOT = [
    ("force", "Données temps réel de 620 stations", 0.4, 5),
    ("force", "Équipe pluridisciplinaire de 8 personnes", 0.3, 4),
    ("force", "Sponsor engagé chez Mobilia", 0.3, 4),
    ("faiblesse", "Historique de pannes court", 0.4, 4),
    ("faiblesse", "Capteurs IoT vieillissants", 0.35, 4),
    ("faiblesse", "Dépendance à un architecte clé", 0.25, 3),
    ("opportunité", "Essor du vélo en ville", 0.4, 5),
    ("opportunité", "Ouverture des données de mobilité", 0.3, 3),
    ("opportunité", "Offre réutilisable pour d'autres métropoles", 0.3, 3),
    ("menace", "Concurrence des vélos en libre-service sans station", 0.4, 4),
    ("menace", "Contraintes du RGPD", 0.3, 3),
    ("menace", "Hausse des prix du cloud", 0.3, 3),
]

# architecture, description, annual cost (k€), latency (ms), accuracy (%)
ARCHITECTURES = [
    ("ARC01", "Batch nocturne + régression linéaire", 12, 900, 71),
    ("ARC02", "Batch horaire + gradient boosting", 22, 600, 82),
    ("ARC03", "Flux temps réel + gradient boosting", 48, 80, 83),
    ("ARC04", "Flux temps réel + réseau de neurones (GPU)", 85, 120, 86),
    ("ARC05", "Entrepôt cloud + AutoML", 90, 700, 84),
    ("ARC06", "Serverless + forêt aléatoire", 25, 250, 80),
    ("ARC07", "Kubernetes + forêt aléatoire", 40, 250, 80),
    ("ARC08", "Batch horaire + forêt aléatoire", 24, 650, 79),
    ("ARC09", "Lakehouse + gradient boosting", 35, 300, 82),
    ("ARC10", "Calcul en périphérie (bornes) + modèle léger", 55, 30, 74),
    ("ARC11", "Kubernetes + régression linéaire", 45, 260, 78),
    ("ARC12", "Serverless + forêt aléatoire (second fournisseur)", 25, 250, 80),
]


def write(name, header, rows):
    with open(HERE / name, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def main():
    write("velo_risques.csv", ["id", "risk", "category", "owner", "severity", "occurrence", "detection"], RISQUES)
    write("velo_mitigations.csv", ["risk", "action", "cost", "severity_after", "occurrence_after", "detection_after"], MITIGATIONS)
    write("velo_methodes.csv", ["option"] + [c[0] for c in CRITERES], METHODES)
    write("velo_methodes_poids.csv", ["criterion", "weight", "description"], CRITERES)
    write("velo_swot.csv", ["quadrant", "item", "weight", "score"], SWOT)
    write("velo_architectures.csv", ["architecture", "description", "cout_keur", "latence_ms", "exactitude"], ARCHITECTURES)


if __name__ == "__main__":
    main()
