"""Header and sport vocabularies of training-log exports, per language (data only).

Headers are written as the exports write them; the reader compares them
case-, accent- and punctuation-insensitively (``header_key``). Every language
of a field is tried on every file, so a header need only be listed once. Where
each vocabulary was found, and which headers are uncertain, is in
``docs/io-csv.md`` ("Languages").
"""

from __future__ import annotations

#: field -> language -> headers
Vocabulary = dict[str, dict[str, tuple[str, ...]]]

#: Strava bulk export ``activities.csv``.
STRAVA_HEADERS: Vocabulary = {
    "activity_id": {
        "en": ("Activity ID",),
        "de": ("Aktivitäts-ID",),
        "fr": ("ID de l'activité",),
        "da": ("Aktivitets-id",),
    },
    "date": {
        "en": ("Activity Date",),
        "de": ("Aktivitätsdatum",),
        "fr": ("Date de l'activité",),
        "da": ("Aktivitetsdato",),
    },
    "name": {
        "en": ("Activity Name",),
        "de": ("Name der Aktivität",),
        "fr": ("Nom de l'activité",),
        "da": ("Aktivitetsnavn",),
    },
    "type": {
        "en": ("Activity Type",),
        "de": ("Aktivitätsart",),
        "fr": ("Type d'activité",),
        "da": ("Aktivitetstype",),
    },
    "elapsed": {"en": ("Elapsed Time",), "de": ("Verstrichene Zeit",), "fr": ("Temps écoulé",)},
    "moving": {
        "en": ("Moving Time",),
        "de": ("Bewegungszeit",),
        "fr": ("Durée de déplacement", "Temps de déplacement"),
        "da": ("Tid i bevægelse",),
    },
    "distance": {"en": ("Distance",), "de": ("Distanz",)},
    "elevation_gain": {
        "en": ("Elevation Gain",),
        "de": ("Höhenzunahme",),
        "fr": ("Dénivelé positif",),
        "da": ("Samlet stigning",),
    },
    "avg_hr": {
        "en": ("Average Heart Rate",),
        "de": ("Durchschnittliche Herzfrequenz",),
        "fr": ("Fréquence cardiaque moyenne",),
        "da": ("Gennemsnitlig puls",),
    },
    "max_hr": {
        "en": ("Max Heart Rate",),
        "de": ("Max. Herzfrequenz",),
        "fr": ("Fréquence cardiaque max.", "Fréquence cardiaque maximale"),
        "da": ("Maks. puls",),
    },
    "file": {"en": ("Filename",), "de": ("Dateiname",), "fr": ("Nom du fichier",)},
}

#: Garmin Connect ``Activities.csv`` (the activity list's "Export CSV"). The
#: first columns come in the same order in every language: activity type,
#: date, favourite, title, distance, calories, time, average and maximum
#: heart rate (:data:`GARMIN_POSITIONS`).
GARMIN_HEADERS: Vocabulary = {
    "type": {
        "en": ("Activity Type",),
        "de": ("Aktivitätstyp",),
        "fr": ("Type d'activité",),
        "es": ("Tipo de actividad",),
        "it": ("Tipo di attività",),
        "nl": ("Activiteittype",),
        "pt": ("Tipo de atividade",),
        "pl": ("Typ aktywności",),
        "da": ("Aktivitetstype",),
        "no": ("Aktivitetstype",),
        "sv": ("Aktivitetstyp",),
    },
    "date": {
        "en": ("Date",),
        "de": ("Datum",),
        "fr": ("Date",),
        "es": ("Fecha",),
        "it": ("Data",),
        "nl": ("Datum",),
        "pt": ("Data",),
        "pl": ("Data",),
        "da": ("Dato",),
        "no": ("Dato",),
        "sv": ("Datum",),
    },
    "name": {
        "en": ("Title",),
        "de": ("Titel",),
        "fr": ("Titre",),
        "es": ("Título",),
        "it": ("Titolo",),
        "nl": ("Titel",),
        "pt": ("Título",),
        "pl": ("Tytuł",),
        "da": ("Titel",),
        "no": ("Tittel",),
    },
    "distance": {
        "en": ("Distance",),
        "de": ("Distanz",),
        "fr": ("Distance",),
        "es": ("Distancia",),
        "it": ("Distanza",),
        "nl": ("Afstand",),
        "pt": ("Distância",),
        "pl": ("Dystans",),
        "da": ("Distance",),
        "no": ("Distanse",),
        "sv": ("Distans",),
    },
    "time": {
        "en": ("Time",),
        "de": ("Zeit",),
        "fr": ("Durée",),
        "es": ("Tiempo",),
        "it": ("Tempo",),
        "nl": ("Tijd",),
        "pt": ("Tempo", "Tempo total"),
        "pl": ("Czas",),
        "da": ("Tid",),
        "no": ("Tid",),
        "sv": ("Tid",),
    },
    "elapsed": {
        "en": ("Elapsed Time",),
        "de": ("Verstrichene Zeit",),
        "fr": ("Temps écoulé",),
        "it": ("Tempo trascorso",),
        "nl": ("Verstreken tijd",),
        "pt": ("Tempo transcorrido",),
        "no": ("Medgått tid",),
    },
    "moving": {
        "en": ("Moving Time",),
        "de": ("Zeit in Bewegung", "Bewegungszeit"),
        "fr": ("Temps de déplacement",),
        "it": ("Tempo in movimento",),
        "nl": ("Tijd bewogen",),
        "pt": ("Tempo em movimento",),
        "no": ("Tid i bevegelse",),
    },
    "avg_hr": {
        "en": ("Avg HR",),
        "de": ("Ø HF", "Ø Herzfrequenz"),
        "fr": ("Fréquence cardiaque moyenne",),
        "es": ("FC media", "Frecuencia cardiaca media"),
        "it": ("FC Media",),
        "nl": ("Gem. HS",),
        "pt": ("FC Média",),
        "pl": ("Średnie tętno",),
        "da": ("Gennemsnitlig puls",),
        "no": ("Gjennomsnittlig puls",),
        "sv": ("Medelpuls",),
    },
    "max_hr": {
        "en": ("Max HR",),
        "de": ("Max. HF", "Max. Herzfrequenz", "Maximale Herzfrequenz"),
        "fr": ("Fréquence cardiaque maximale",),
        "es": ("FC máxima",),
        "it": ("FC max",),
        "nl": ("Max. HS",),
        "pt": ("FC máxima",),
        "pl": ("Maksymalne tętno",),
        "da": ("Maks. puls",),
        "no": ("Makspuls",),
        "sv": ("Maxpuls",),
    },
    "elevation_gain": {
        "en": ("Total Ascent", "Elevation Gain"),
        "de": ("Positiver Höhenunterschied", "Anstieg gesamt"),
        "fr": ("Ascension totale",),
        "es": ("Ascenso total",),
        "it": ("Ascesa totale",),
        "nl": ("Totale stijging",),
        "pt": ("Subida total",),
        "da": ("Samlet stigning",),
        "no": ("Total stigning", "Stigning totalt"),
    },
    "stride": {
        "en": ("Avg Stride Length",),
        "de": ("Ø Schrittlänge",),
        "fr": ("Longueur moyenne des foulées",),
        "it": ("Lunghezza media passo",),
        "nl": ("Gem. staplengte",),
        "pt": ("Comprimento médio da passada",),
        "no": ("Gjennomsnittlig skrittlengde",),
    },
}

#: Garmin Connect's legacy (before about 2015) activities export.
GARMIN_LEGACY_HEADERS: Vocabulary = {
    "type": {"en": ("Activity Type",), "de": ("Aktivitätstyp",)},
    "date": {"en": ("Start",), "de": ("Start",)},
    "name": {"en": ("Activity Name",), "de": ("Aktivitätsname",)},
    "distance": {"en": ("Distance",), "de": ("Distanz",)},
    "time": {"en": ("Time",), "de": ("Zeit",)},
    "elevation_gain": {"en": ("Elevation Gain",), "de": ("Positiver Höhenunterschied",)},
    "avg_hr": {"en": ("Avg HR",), "de": ("Ø HF",)},
    "max_hr": {"en": ("Max HR",), "de": ("Max. HF",)},
}

#: Garmin Connect's fixed column order (0-based), used to read an
#: ``Activities.csv`` whose headers are in a language not listed above.
GARMIN_POSITIONS: dict[str, int] = {
    "type": 0,
    "date": 1,
    "favorite": 2,
    "name": 3,
    "distance": 4,
    "calories": 5,
    "time": 6,
    "avg_hr": 7,
    "max_hr": 8,
}

#: Keyword rules (first match wins) on the activity type, lowercased with
#: accents and punctuation removed (``ø`` -> ``o``, ``ł`` -> ``l``). Anything
#: else becomes its snake_cased label.
SPORT_RULES: tuple[tuple[str, str], ...] = (
    (r"swim|schwimm|natation|nuoto|natacion|natacao|svom|simning|simbass|uinti|plywa"
     r"|zwem|plavan", "swimming"),
    (r"nordicski|crosscountry|langlauf|rollerski|skatingski|skidefond|langrend|langdskid"
     r"|murtomaa|biegow|esquidefondo|scidifondo|bezeck", "cross_country_skiing"),
    (r"ski|snowboard|alpint|utforsak|lasket|narciarstw|^sci|esqui|lyzovan", "alpine_skiing"),
    (r"ebike|emountainbike|pedelec|elcykel", "e_biking"),
    (r"run|lauf|courseapied|trail|jogg|carrera|corsa|corrida|hardlop|lob|lop(?:ning|ing|band)"
     r"|juoks|bieg|bieznia|^beh|tredemolle", "running"),
    (r"ride|cycl|bike|biking|velo|radfahr|^rad|ciclismo|sykl|cykl|pyora|kolarstw|rower"
     r"|fiets|wielren|cyklist", "cycling"),
    (r"walk|gehen|marche|spazier|camminata|caminata|caminhada|caminar|promenad|kavely"
     r"|chodz|spacer|wandel|chuze", "walking"),
    (r"hik|wander|randonnee|senderismo|escursion|vandr|fottur|fjelltur|vaellus|wedrowk"
     r"|turistik|trekking", "hiking"),
    (r"row|rudern|aviron|^remo|roning|rodd|soutu|wiosl|canottaggio|roeien|veslovan", "rowing"),
    (r"paddl|kayak|kajak|canoe|kanu|kano|canoa|piragu|sup$", "paddling"),
    (r"elliptical|ellipt|elipt|ellitt|stair|equipment|crosstrainer", "fitness_equipment"),
    (r"strength|weight|kraft|musculation|musculacao|yoga|joga|pilates|hiit|cardio|workout"
     r"|crossfit|training|trening|traning|traening|styrke|fuerza|entrenamiento|allenamento"
     r"|voimaharjoittelu|silov|breath|gym|fitness|core|mobility", "training"),
    (r"multisport|triathlon|duathlon", "multisport"),
)  # fmt: skip
