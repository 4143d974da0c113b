"""Generate clients_bruts.csv: a small, deliberately messy customer file (French locale).

The data is synthetic (made up by this script, seed fixed) and released under CC0.
Problems planted on purpose, for the cleaning notebook: missing values, exact and
near duplicates, impossible ages, decimals written with a comma, dates in mixed or
unparsable formats, category values outside the allowed list, and personal data
(names, e-mails) to pseudonymise.
"""
import csv
import random

rng = random.Random(2026)
FIRST = ["Camille", "Louis", "Emma", "Hugo", "Chloé", "Lucas", "Léa", "Nathan", "Manon", "Jules",
         "Inès", "Gabriel", "Sarah", "Arthur", "Jade", "Adam", "Lina", "Raphaël", "Zoé", "Tom"]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
        "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux"]
CITIES = ["Paris", "Lyon", "Marseille", "Lille", "Nantes", "Toulouse", "Bordeaux", "Strasbourg"]
SEGMENTS = ["particulier", "professionnel", "association"]
TYPOS = {"particulier": "Particulier ", "professionnel": "pro", "association": "asso"}

rows = []
for i in range(1, 241):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    age = int(rng.gauss(42, 13))
    age = min(max(age, 18), 90)
    income = round(rng.lognormvariate(7.7, 0.45), 2)
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2019, 2025)
    row = {
        "id_client": f"C{i:04d}",
        "nom": f"{first} {last}",
        "email": f"{first.lower()}.{last.lower()}{rng.randint(1, 99)}@exemple.fr",
        "ville": rng.choice(CITIES),
        "segment": rng.choice(SEGMENTS),
        "age": str(age),
        "revenu_mensuel": f"{income:.2f}".replace(".", ","),
        "date_inscription": f"{day:02d}/{month:02d}/{year}",
        "nb_commandes": str(max(0, int(rng.gauss(6, 4)))),
    }
    r = rng.random()
    if r < 0.06:
        row["age"] = ""
    elif r < 0.09:
        row["age"] = str(rng.choice([0, 150, 212, -4]))
    if rng.random() < 0.08:
        row["revenu_mensuel"] = ""
    if rng.random() < 0.05:
        row["segment"] = TYPOS[row["segment"]]
    if rng.random() < 0.04:
        row["date_inscription"] = rng.choice(["31/02/2023", "2023-13-01", "inconnue", "15/07/21"])
    if rng.random() < 0.05:
        row["ville"] = ""
    rows.append(row)

# exact duplicates (a file merged twice) and near duplicates (same client, other id)
for src in rng.sample(rows, 8):
    rows.append(dict(src))
for src in rng.sample(rows[:240], 4):
    dup = dict(src)
    dup["id_client"] = f"C{rng.randint(300, 399):04d}"
    rows.append(dup)
rng.shuffle(rows)

with open("clients_bruts.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter=";")
    w.writeheader()
    w.writerows(rows)
