"""Generate the planning data of the Vélo+ project (Mobilia): velo_taches.csv and velo_sprints.csv.

The data is synthetic (made up by this script, seed fixed) and released under CC0.

velo_taches.csv: the task plan of Vélo+, from the kick-off (cadrage) to the go-live (mise en
production), 25 tasks including 3 milestones (duration 0): id, name, duration (working days),
depends_on (predecessor ids separated by ';'), owner (team member id), load (share of the
owner's time, 0-1). Planted on purpose: Emma Petit (EP) has two tasks at full time at the same
time (the prediction API and the MLOps pipeline), an over-allocation that the notebook removes.

velo_sprints.csv: the six two-week sprints (10 working days) of the build phase: sprint, story,
title, points, done_day (working day of the sprint the story was done, empty if not done). A
story not finished comes back in the next sprint under the same id.
"""
import csv
import random

TASKS = [
    # id, name, duration, depends_on, owner, load
    ("T01", "Lancement et cadrage", 5, "", "AM", 1.0),
    ("T02", "Entretiens métier (exploitation, atelier)", 8, "T01", "FB", 1.0),
    ("T03", "Inventaire des sources de données", 6, "T01", "HB", 1.0),
    ("T04", "Spécifications fonctionnelles", 12, "T02", "FB", 1.0),
    ("T05", "Architecture cible de la plateforme", 8, "T03", "HB", 1.0),
    ("T06", "Accès aux données et conformité RGPD", 10, "T03", "AM", 0.5),
    ("J1", "Jalon : cadrage validé en comité", 0, "T04;T05", "AM", 1.0),
    ("T07", "Ingestion des trajets et des stations", 15, "J1;T06", "BL", 1.0),
    ("T08", "Ingestion capteurs et historique d'atelier", 10, "T07", "BL", 1.0),
    ("T09", "Infrastructure cloud et CI/CD", 12, "T05", "EP", 1.0),
    ("T10", "Analyse exploratoire de la demande", 8, "T07", "CD", 1.0),
    ("T11", "Analyse exploratoire des pannes", 8, "T08", "DN", 1.0),
    ("T12", "Modèle de prévision de la demande", 25, "T10", "CD", 1.0),
    ("T13", "Modèle de maintenance prédictive", 22, "T11", "DN", 1.0),
    ("T14", "Maquettes du tableau de bord", 8, "T04", "GM", 1.0),
    ("T15", "Développement du tableau de bord", 15, "T14;T10", "GM", 1.0),
    ("T16", "API de prédiction", 10, "T09;T12", "EP", 1.0),
    ("T17", "Pipeline MLOps (réentraînement, suivi)", 12, "T09;T12", "EP", 1.0),
    ("J2", "Jalon : modèles validés", 0, "T12;T13", "AM", 1.0),
    ("T18", "Intégration du tableau de bord et de l'API", 6, "T15;T16", "GM", 1.0),
    ("T19", "Recette avec les équipes Mobilia", 10, "T18;T17;J2", "FB", 1.0),
    ("T20", "Formation des utilisateurs", 4, "T19", "FB", 1.0),
    ("T21", "Documentation et passation", 5, "T19", "AM", 0.5),
    ("T22", "Mise en production", 3, "T20;T21", "EP", 1.0),
    ("J3", "Jalon : mise en production", 0, "T22", "AM", 1.0),
]

STORIES = [
    ("Ingérer les trajets du jour dans l'entrepôt", 8),
    ("Référentiel des 620 stations", 3),
    ("Contrôles qualité des trajets", 5),
    ("Tableau des disponibilités par station", 5),
    ("Prévision de la demande à J+1 (première version)", 13),
    ("Variables météo et calendrier scolaire", 5),
    ("Ingérer les alertes des capteurs", 8),
    ("Historique des réparations de l'atelier", 5),
    ("Score de risque de panne par vélo", 13),
    ("Carte des stations vides et pleines", 8),
    ("Export des tournées de rééquilibrage", 5),
    ("Alerte des vélos à contrôler", 5),
    ("Suivi de la dérive des prévisions", 8),
    ("Réentraînement mensuel automatisé", 8),
    ("API de prévision par station", 8),
    ("Authentification des agents Mobilia", 3),
    ("Page d'accueil du tableau de bord", 5),
    ("Filtre par quartier", 2),
    ("Journal des prédictions", 3),
    ("Comparaison prévu / réalisé", 5),
    ("Notification au chef d'atelier", 3),
    ("Tests de charge de l'API", 5),
    ("Mode hors ligne de l'application atelier", 8),
    ("Aide en ligne", 2),
    ("Indicateurs de la direction des opérations", 5),
    ("Correction des stations fantômes", 2),
    ("Prévision par créneau de deux heures", 8),
    ("Tableau des coûts de maintenance", 5),
    ("Export CSV pour la DSI", 2),
    ("Accessibilité du tableau de bord", 3),
    ("Sauvegarde et reprise de l'entrepôt", 5),
    ("Priorisation des réparations", 8),
    ("Documentation de l'API", 3),
    ("Seuils d'alerte paramétrables", 3),
    ("Écran de suivi des tournées", 5),
    ("Historique des prévisions", 3),
]

# Points the team takes on per sprint (it learns its pace: a lower start, then steadier).
CAPACITY = [24, 28, 30, 32, 32, 34]
# Stories not finished in their sprint (they come back in the next one).
SLIPPED = {(1, "US03"), (3, "US08"), (5, "US14")}


def write_tasks():
    with open("velo_taches.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "duration", "depends_on", "owner", "load"])
        for row in TASKS:
            w.writerow(row)


def write_sprints(rng):
    rows = []
    queue = [(f"US{i + 1:02d}", title, pts) for i, (title, pts) in enumerate(STORIES)]
    carried = []
    for sprint, capacity in enumerate(CAPACITY, start=1):
        committed = list(carried)
        carried = []
        total = sum(p for _, _, p in committed)
        while queue and total + queue[0][2] <= capacity + 3:
            story = queue.pop(0)
            committed.append(story)
            total += story[2]
        for story, title, pts in committed:
            # Stories are done spread over the sprint, big ones later; three slip.
            if (sprint, story) in SLIPPED:
                rows.append((sprint, story, title, pts, ""))
                carried.append((story, title, pts))
            else:
                low = 3 if pts >= 8 else 1
                rows.append((sprint, story, title, pts, rng.randint(low, 10)))
    with open("velo_sprints.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["sprint", "story", "title", "points", "done_day"])
        for row in sorted(rows, key=lambda r: (r[0], r[4] == "", r[4] or 0, r[1])):
            w.writerow(row)


if __name__ == "__main__":
    rng = random.Random(2027)
    write_tasks()
    write_sprints(rng)
