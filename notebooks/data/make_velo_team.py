"""Writes the synthetic team data of the Vélo+ scenario (notebook 15-equipe-et-competences).

- velo_competences.csv: skill levels (0 none … 4 expert) of the 8 Vélo+ consultants and of
  4 candidates from other teams of the consultancy, over 8 skills;
- velo_roles.csv: the roles of the project and the levels they require;
- velo_incidents.csv: occupational accidents (with lost time) and hours worked per team of
  Mobilia's maintenance workshop and quarter, 2025-2026;
- velo_effectifs.csv: one row per employee of Mobilia's operations, job family and a 0/1
  flag for women.

Standard library only, seed fixed: running it again writes the same files.
"""

import csv
import math
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
rng = random.Random(12)

SKILLS = ["python", "sql", "statistiques", "machine_learning", "series_temporelles",
          "mlops_cloud", "dataviz", "gestion_projet"]
PEOPLE = [
    # id, name, team, levels in SKILLS order
    ("AM", "Alice Martin", "Vélo+", [1, 2, 2, 1, 1, 0, 2, 4]),
    ("BL", "Bruno Lefèvre", "Vélo+", [3, 4, 1, 1, 0, 2, 1, 1]),
    ("CD", "Chloé Dubois", "Vélo+", [4, 3, 4, 4, 3, 1, 2, 1]),
    ("DN", "David Nguyen", "Vélo+", [3, 2, 3, 2, 1, 1, 2, 0]),
    ("EP", "Emma Petit", "Vélo+", [3, 2, 1, 1, 0, 4, 1, 1]),
    ("FB", "Farid Benali", "Vélo+", [1, 3, 2, 0, 1, 0, 3, 2]),
    ("GM", "Gaëlle Moreau", "Vélo+", [2, 2, 1, 0, 0, 0, 4, 1]),
    ("HB", "Hugo Bernard", "Vélo+", [3, 4, 1, 1, 0, 3, 1, 2]),
    ("IL", "Inès Laurent", "Énergie", [3, 2, 3, 3, 4, 1, 1, 1]),
    ("JR", "Julien Robert", "Santé", [2, 3, 1, 0, 0, 2, 1, 1]),
    ("KF", "Karima Fontaine", "Retail", [1, 2, 2, 1, 1, 0, 2, 3]),
    ("LG", "Louis Garnier", "Industrie", [3, 2, 2, 3, 2, 3, 1, 0]),
]
ROLES = [
    ("pilotage", [("gestion_projet", 4), ("dataviz", 2), ("python", 2)]),
    ("ingenierie_donnees", [("sql", 4), ("python", 3), ("mlops_cloud", 3)]),
    ("architecture", [("sql", 3), ("mlops_cloud", 3), ("python", 2)]),
    ("prevision_demande", [("series_temporelles", 4), ("statistiques", 3), ("python", 3)]),
    ("maintenance_predictive", [("machine_learning", 4), ("statistiques", 3), ("python", 3)]),
    ("mlops", [("mlops_cloud", 4), ("python", 3)]),
    ("analyse_metier", [("sql", 3), ("statistiques", 3), ("dataviz", 2), ("gestion_projet", 2),
                        ("python", 2)]),
    ("dataviz", [("dataviz", 4), ("sql", 3), ("python", 2)]),
]
# Maintenance workshop teams: (name, headcount, accidents per 200,000 h).
TEAMS = [("Atelier Nord", 28, 8.0), ("Atelier Sud", 24, 9.0), ("Atelier Est", 18, 6.0),
         ("Équipe mobile", 16, 14.0), ("Régulation", 22, 16.0)]
QUARTERS = [f"{y}-T{q}" for y in (2025, 2026) for q in (1, 2, 3, 4)]
# Job families: (name, headcount, women).
FAMILIES = [("Mécanique cycle", 62, 7), ("Régulation et logistique", 34, 6),
            ("Maintenance électrique", 18, 2), ("Service client", 24, 15),
            ("Encadrement", 16, 5), ("Data et IT", 14, 4)]


def poisson(mean):
    """Knuth's method (small means)."""
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def write(name, header, rows):
    with open(HERE / name, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


write("velo_competences.csv", ["person", "name", "team"] + SKILLS,
      [[p, n, t] + levels for p, n, t, levels in PEOPLE])
write("velo_roles.csv", ["role", "skill", "level"],
      [[role, skill, level] for role, needs in ROLES for skill, level in needs])
rows = []
for quarter in QUARTERS:
    for team, headcount, rate in TEAMS:
        # About 390 h per person and quarter, give or take absences and overtime.
        hours = round(headcount * rng.uniform(370, 410) / 10) * 10
        rows.append([team, quarter, poisson(rate * hours / 200_000), hours])
write("velo_incidents.csv", ["equipe", "trimestre", "accidents", "heures"], rows)
staff = []
for family, headcount, women in FAMILIES:
    flags = [1] * women + [0] * (headcount - women)
    rng.shuffle(flags)
    staff += [(family, flag) for flag in flags]
rng.shuffle(staff)
write("velo_effectifs.csv", ["matricule", "famille", "femme"],
      [[f"M{i + 1:04d}", family, flag] for i, (family, flag) in enumerate(staff)])
