"""Generate the data of the specification-and-client notebook (Vélo+ project, client Mobilia).

The data is synthetic (made up by this script, seed fixed) and released under CC0.

- velo_exigences_v1.csv: the specification v1 (20 requirements: id, need, MoSCoW priority in
  French, cost in euros, effort in person-days, deadline, owner, category).
- velo_exigences_v2.csv: the specification v2 after the client workshop of 2027-02-10: 3
  requirements added, 1 removed, 6 changed (costs, priorities, deadlines).
- velo_contacts.csv: the log of contacts with the client over the first 5 months (date, kind,
  item raised, opened, closed, satisfaction 1-5): meetings, workshops, acceptance tests,
  validations, requests, feedback and incidents. Planted: answers get slower and satisfaction
  drops during the acceptance phase (March-April), then recovers a little in May.
- velo_jalons.csv: the project's milestones. Planted: the data platform delivery (02-26) and the
  predictive-maintenance demo (04-09) had no client meeting, acceptance test or validation
  nearby; the revision workshop (02-10) is a contact of kind "atelier".
"""
import csv
import datetime as dt
import random

rng = random.Random(2027)
D = dt.date.fromisoformat

V1 = [
    ("E01", "Ingestion des trajets et de l'état des stations (API temps réel)", "doit", 18000, 30, "2027-02-26", "BL", "technique"),
    ("E02", "Historique de 3 ans des locations dans l'entrepôt de données", "doit", 12000, 20, "2027-02-26", "BL", "technique"),
    ("E03", "Prévision de la demande par station à J+1, par heure", "doit", 27000, 45, "2027-04-30", "CD", "fonctionnelle"),
    ("E04", "Prédiction des pannes de vélos (maintenance prédictive)", "doit", 24000, 40, "2027-05-14", "CD", "fonctionnelle"),
    ("E05", "Tableau de bord des stations pour les régulateurs", "doit", 15000, 25, "2027-05-28", "GM", "fonctionnelle"),
    ("E06", "Pseudonymisation des données des abonnés (RGPD)", "doit", 6000, 10, "2027-03-12", "HB", "réglementaire"),
    ("E07", "Mise en production et supervision des modèles", "doit", 13000, 22, "2027-06-18", "EP", "technique"),
    ("E08", "Données météo intégrées aux prévisions", "devrait", 5000, 8, "2027-03-31", "BL", "technique"),
    ("E09", "Alerte aux techniciens en cas de panne prédite", "devrait", 8000, 13, "2027-06-11", "EP", "fonctionnelle"),
    ("E10", "Prévision à J+7 pour planifier les rééquilibrages", "devrait", 11000, 18, "2027-06-25", "DN", "fonctionnelle"),
    ("E11", "Documentation et formation des équipes d'exploitation", "devrait", 7000, 12, "2027-06-30", "FB", "fonctionnelle"),
    ("E12", "Carte interactive des stations sous tension", "devrait", 9000, 15, "2027-05-28", "GM", "fonctionnelle"),
    ("E13", "Indicateurs d'équité territoriale (quartiers prioritaires)", "devrait", 4500, 8, "2027-06-18", "FB", "réglementaire"),
    ("E14", "Explication des prévisions (variables influentes)", "pourrait", 6000, 10, "2027-06-25", "DN", "fonctionnelle"),
    ("E15", "Application mobile pour les techniciens", "pourrait", 16000, 26, "2027-07-30", "GM", "fonctionnelle"),
    ("E16", "Simulation de l'ouverture de nouvelles stations", "pourrait", 10000, 16, "2027-07-16", "CD", "fonctionnelle"),
    ("E17", "Export automatique vers l'open data de la métropole", "pourrait", 3500, 6, "2027-06-30", "BL", "réglementaire"),
    ("E18", "Prévision des pics liés aux événements (concerts, matchs)", "pourrait", 5500, 9, "2027-06-25", "DN", "fonctionnelle"),
    ("E19", "Agent conversationnel pour les usagers", "ne fera pas", 20000, 30, "2027-09-30", "", "fonctionnelle"),
    ("E20", "Tarification dynamique des locations", "ne fera pas", 25000, 40, "2027-12-15", "", "fonctionnelle"),
]

# The client workshop of 2027-02-10: what changes in v2.
CHANGES = {
    "E03": dict(need="Prévision de la demande par station à J+1, par quart d'heure", cost=33000, effort=55, deadline="2027-05-14"),
    "E05": dict(cost=19000, effort=31),  # absorbs the interactive map (E12)
    "E09": dict(priority="doit"),  # required by the client's IT (Marc Girard)
    "E10": dict(deadline="2027-07-09"),
    "E15": dict(deadline="2027-08-20"),
    "E16": dict(priority="ne fera pas"),
}
REMOVED = {"E12"}
ADDED = [
    ("E21", "Autonomie des batteries des vélos électriques dans les prévisions", "doit", 14000, 22, "2027-06-25", "CD", "fonctionnelle"),
    ("E22", "Journal d'audit des accès aux données (exigence DSI)", "doit", 4000, 7, "2027-04-16", "HB", "réglementaire"),
    ("E23", "Rapport mensuel automatique pour la direction", "devrait", 3000, 5, "2027-06-30", "GM", "fonctionnelle"),
]
FIELDS = ["id", "need", "priority", "cost", "effort", "deadline", "owner", "category"]


def write(name, fields, rows):
    with open(name, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(fields)
        w.writerows(rows)


write("velo_exigences_v1.csv", FIELDS, V1)
v2 = []
for row in V1:
    if row[0] in REMOVED:
        continue
    r = dict(zip(FIELDS, row))
    r.update(CHANGES.get(r["id"], {}))
    v2.append([r[f] for f in FIELDS])
v2 += [list(r) for r in ADDED]
write("velo_exigences_v2.csv", FIELDS, v2)

# Contacts that count as checkpoints (meetings, acceptance tests, validations) and the workshop.
MEETINGS = [
    ("2027-01-06", "réunion"), ("2027-01-20", "réunion"), ("2027-01-28", "validation"),
    ("2027-02-03", "réunion"), ("2027-02-10", "atelier"), ("2027-02-17", "validation"),
    ("2027-03-10", "réunion"), ("2027-03-24", "réunion"), ("2027-03-31", "recette"),
    ("2027-04-21", "réunion"), ("2027-05-05", "réunion"), ("2027-05-12", "recette"),
    ("2027-05-19", "validation"), ("2027-05-26", "réunion"),
]
# The client's mood, month by month (mean satisfaction planted).
MOOD = {1: 4.3, 2: 4.0, 3: 3.5, 4: 3.0, 5: 3.5}
# Typical answer delay in days, month by month (slower in the acceptance phase).
DELAY = {1: 4, 2: 5, 3: 10, 4: 14, 5: 8}


def score(day):
    return max(1, min(5, round(MOOD[day.month] + rng.gauss(0, 0.5))))


def weekday_between(lo, hi):
    while True:
        d = lo + dt.timedelta(days=rng.randrange((hi - lo).days + 1))
        if d.weekday() < 5:
            return d


def next_weekday(d):
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return d


rows = []
for date, kind in MEETINGS:
    day = D(date)
    rows.append([day, kind, "", "", "", score(day)])
# 32 requests, feedback and incidents raised by the client, spread over the 5 months.
END = D("2027-05-31")
for n in range(1, 33):
    opened = weekday_between(D("2027-01-11"), D("2027-05-28"))
    kind = rng.choice(["demande", "demande", "retour", "incident"])
    delay = max(1, round(rng.expovariate(1 / DELAY[opened.month])))
    closed = next_weekday(opened + dt.timedelta(days=delay))
    closed_text = closed.isoformat() if closed <= END else ""
    raised = opened if rng.random() < 0.8 else next_weekday(opened + dt.timedelta(days=rng.randrange(1, 4)))
    sat = score(raised) if kind == "retour" and rng.random() < 0.6 else ""
    rows.append([raised, kind, "", opened.isoformat(), closed_text, sat])
    rows[-1][2] = n  # numbered after sorting below
# Informal feedback without a tracked item.
for _ in range(12):
    day = weekday_between(D("2027-01-11"), D("2027-05-28"))
    rows.append([day, "retour", "", "", "", score(day) if rng.random() < 0.5 else ""])

rows.sort(key=lambda r: (r[0], r[1]))
counter = 0
out = []
for day, kind, item, opened, closed, sat in rows:
    if item != "":
        counter += 1
        item = f"D{counter:02d}"
    out.append([day.isoformat(), kind, item, opened, closed, sat])
write("velo_contacts.csv", ["date", "kind", "item", "opened", "closed", "satisfaction"], out)

write("velo_jalons.csv", ["milestone", "date", "phase"], [
    ("Réunion de lancement", "2027-01-06", "cadrage"),
    ("Validation du cahier des charges v1", "2027-01-29", "cadrage"),
    ("Atelier de révision du cahier des charges", "2027-02-10", "cadrage"),
    ("Livraison du socle de données", "2027-02-26", "réalisation"),
    ("Démonstration de la maintenance prédictive", "2027-04-09", "réalisation"),
    ("Recette des prévisions J+1", "2027-05-14", "recette"),
    ("Mise en production", "2027-06-18", "déploiement"),
    ("Clôture du projet", "2027-06-30", "déploiement"),
])
