"""Training-log reader: Strava and Garmin Connect activity lists, unit tests and real files."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from runlytics.errors import UnsupportedFormatError
from runlytics.io.log_values import log_dates
from runlytics.io.training_log import LAYOUTS, LOG_COLUMNS, normalise_sport, read_training_log
from tests.conftest import real_path

STRAVA_HEADER = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,"
    "Distance,Max Heart Rate,Relative Effort,Commute,Filename,Elapsed Time,Moving Time,Distance,"
    "Elevation Gain,Max Heart Rate,Average Heart Rate,Commute\n"
)
STRAVA_ROWS = (
    '20,"Oct 6, 2022, 11:19:20 PM",Evening Run,Run,"Two lines,\nof text",979,2.43,177.0,41,'
    "false,activities/200.fit.gz,979.0,971.0,2432.77,12.5,,165.6,0.0\n"
    '10,"Oct 1, 2022, 1:14:11 PM",Morning Ride,Ride,,3600,30.10,,12,true,'
    "activities/100.gpx,3600.0,3500.0,30100.0,250.0,150.0,130.0,1.0\n"
)


def write(tmp_path: Path, text: str, name: str = "activities.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def assert_log(frame: pd.DataFrame) -> None:
    assert tuple(frame.columns[: len(LOG_COLUMNS)]) == LOG_COLUMNS
    assert frame.columns[len(LOG_COLUMNS)] == "activity_type"
    assert str(frame["start_time"].dtype) == "datetime64[ns, UTC]"
    for name in LOG_COLUMNS[3:9]:
        assert frame[name].dtype == np.float64, name
    for name in ("sport", "name", "source_file", "activity_type"):
        assert isinstance(frame[name].dtype, pd.StringDtype), name
    assert str(frame["activity_id"].dtype) in ("Int64", "string"), frame["activity_id"].dtype
    assert frame["start_time"].dropna().is_monotonic_increasing
    assert isinstance(frame.index, pd.RangeIndex)
    assert frame.columns.is_unique


# ---------------------------------------------------------------------------
# Strava
# ---------------------------------------------------------------------------


def test_strava_repeated_columns_and_sorting(tmp_path: Path) -> None:
    df = read_training_log(write(tmp_path, STRAVA_HEADER + STRAVA_ROWS))
    assert_log(df)
    assert df["activity_id"].tolist() == [10, 20]  # sorted by start_time
    ride, run = df.iloc[0], df.iloc[1]
    assert run["start_time"] == pd.Timestamp("2022-10-06T23:19:20Z")
    assert run["sport"] == "running" and run["activity_type"] == "Run"
    assert ride["sport"] == "cycling"
    assert run["distance_m"] == pytest.approx(2432.77)  # the metres column, not 2.43 km
    assert run["elapsed_s"] == 979 and run["moving_s"] == 971
    assert run["max_heart_rate_bpm"] == 177  # first repeated column wins where filled
    assert ride["max_heart_rate_bpm"] == 150  # ... else the later one
    assert run["avg_heart_rate_bpm"] == pytest.approx(165.6)
    assert run["elevation_gain_m"] == 12.5
    assert run["source_file"] == "activities/200.fit.gz"
    assert run["name"] == "Evening Run"
    # extras: snake_case, repeated names numbered, typed
    assert df["commute"].tolist() == [True, False]
    assert df["commute_2"].tolist() == [1.0, 0.0]
    assert df["relative_effort"].tolist() == [12.0, 41.0]
    assert df["activity_description"].iloc[1] == "Two lines,\nof text"
    assert "distance" not in df and "elapsed_time" not in df
    assert df.attrs["source_kind"] == "strava"
    assert "metres" in df.attrs["units"]["distance"]
    assert "UTC" in df.attrs["time_zone"]


def test_strava_without_metres_column_reads_display_km(tmp_path: Path) -> None:
    text = (
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance\n"
        '1,"22 May 2024, 08:19:26",Walk,Walk,1266,3.01\n'
    )
    df = read_training_log(write(tmp_path, text))
    assert df["distance_m"].iloc[0] == pytest.approx(3010.0)
    assert df["start_time"].iloc[0] == pd.Timestamp("2024-05-22T08:19:26Z")  # day-first
    assert "km" in df.attrs["units"]["distance"]
    miles = read_training_log(write(tmp_path, text), units="imperial")
    assert miles["distance_m"].iloc[0] == pytest.approx(3.01 * 1609.344)


def test_strava_german_headers(tmp_path: Path) -> None:
    text = (
        "Aktivitäts-ID,Aktivitätsdatum,Name der Aktivität,Aktivitätsart,Verstrichene Zeit,"
        "Distanz,Max. Herzfrequenz,Dateiname,Verstrichene Zeit,Bewegungszeit,Distanz,"
        "Höhenzunahme,Durchschnittliche Herzfrequenz,Kalorien\n"
        '5,"22.05.2024, 08:19:26",Morgenlauf,Lauf,3000,"9,55",170.0,activities/5.fit.gz,'
        '3000.0,2950.0,9550.0,80.5,150.5,"1.052"\n'
    )
    df = read_training_log(write(tmp_path, text))
    assert_log(df)
    row = df.iloc[0]
    assert row["start_time"] == pd.Timestamp("2024-05-22T08:19:26Z")
    assert row["sport"] == "running" and row["distance_m"] == 9550.0
    assert row["moving_s"] == 2950 and row["elevation_gain_m"] == 80.5
    assert row["avg_heart_rate_bpm"] == 150.5 and row["max_heart_rate_bpm"] == 170
    assert row["source_file"] == "activities/5.fit.gz"
    assert df["kalorien"].iloc[0] == 1052  # German thousands dot
    assert df.attrs["language"] == "de"


def test_strava_french_headers(tmp_path: Path) -> None:
    text = (
        "ID de l'activité,Date de l'activité,Nom de l'activité,Type d'activité,Temps écoulé,"
        "Distance,Fréquence cardiaque max.,Nom du fichier,Temps écoulé,Durée de déplacement,"
        "Distance,Dénivelé positif\n"
        '7,"22 mai 2024, 08:19:26",Sortie,Course à pied,1800,"5,01",,activities/7.fit.gz,'
        "1800.0,1750.0,5010.0,20.0\n"
        '8,"23 mai 2024, 08:00:00",Vélo,Vélo,3600,"30,0",,,3600.0,3500.0,30000.0,100.0\n'
    )
    df = read_training_log(write(tmp_path, text))
    assert df["sport"].tolist() == ["running", "cycling"]
    assert df["start_time"].iloc[0] == pd.Timestamp("2024-05-22T08:19:26Z")
    assert df["distance_m"].tolist() == [5010.0, 30000.0]
    assert df["moving_s"].tolist() == [1750.0, 3500.0]
    assert pd.isna(df["source_file"].iloc[1])
    assert df.attrs["language"] == "fr"


# ---------------------------------------------------------------------------
# Garmin Connect
# ---------------------------------------------------------------------------

GARMIN_HEADER = (
    "Activity Type,Date,Favorite,Title,Distance,Calories,Time,Avg HR,Max HR,Avg Pace,"
    "Total Ascent,Avg Stride Length,Moving Time,Elapsed Time\n"
)
GARMIN_ROWS = (
    'Running,2024-03-17 09:35:21,false,"Half Marathon","21.23","2,389","02:26:52","167","184",'
    '"6:55","98","0.93","02:26:46","02:26:52"\n'
    'Strength Training,2024-03-13 17:19:57,false,"Strength","0.00","663","01:45:42","100",'
    '"142","--","--","0.00","01:45:42","01:45:42"\n'
    'Treadmill Running,2024-03-20 07:00:00,true,"Tread","5.00","400","00:25:00","150","160",'
    '"5:00","--","1.10","--:--:--","00:00:00"\n'
    'Pool Swim,2024-03-21 07:00:00,false,"Swim","1,500","300","00:30:00","120","140",'
    '"2:00","--","--","00:28:00","00:31:00"\n'
)


def test_garmin_current_layout(tmp_path: Path) -> None:
    df = read_training_log(write(tmp_path, GARMIN_HEADER + GARMIN_ROWS, "Activities.csv"))
    assert_log(df)
    assert df["name"].tolist() == ["Strength", "Half Marathon", "Tread", "Swim"]
    half = df.iloc[1]
    assert half["start_time"] == pd.Timestamp("2024-03-17T09:35:21Z")  # local, stored as UTC
    assert half["distance_m"] == pytest.approx(21230.0)
    assert half["elapsed_s"] == 2 * 3600 + 26 * 60 + 52
    assert half["moving_s"] == 2 * 3600 + 26 * 60 + 46
    assert half["avg_heart_rate_bpm"] == 167 and half["max_heart_rate_bpm"] == 184
    assert half["elevation_gain_m"] == 98
    assert pd.isna(half["activity_id"]) and pd.isna(half["source_file"])
    assert df["calories"].tolist() == [663, 2389, 400, 300]  # thousands separator
    assert np.isnan(df["elevation_gain_m"].iloc[0])  # '--'
    tread = df.iloc[2]
    assert tread["sport"] == "running" and tread["activity_type"] == "Treadmill Running"
    assert tread["elapsed_s"] == 1500  # Elapsed 00:00:00 -> falls back to Time
    assert np.isnan(tread["moving_s"])  # '--:--:--'
    swim = df.iloc[3]
    assert swim["sport"] == "swimming" and swim["distance_m"] == 1500.0  # swims in metres
    assert df["avg_pace_s"].tolist()[1] == 415  # durations as seconds, suffixed _s
    assert df["time_s"].iloc[1] == half["elapsed_s"]  # Garmin "Time" kept as extra
    assert df["favorite"].tolist() == [False, False, True, False]
    assert df.attrs["source_kind"] == "garmin"
    assert df.attrs["units"]["system"] == "metric"
    assert "Stride" in df.attrs["units"]["decided_by"]
    assert "unknown UTC offset" in df.attrs["time_zone"]


def test_garmin_imperial_from_stride_length_in_feet(tmp_path: Path) -> None:
    text = GARMIN_HEADER + GARMIN_ROWS.replace('"0.93"', '"3.05"').replace('"1.10"', '"3.61"')
    df = read_training_log(write(tmp_path, text))
    assert df.attrs["units"]["system"] == "imperial"
    assert df["distance_m"].iloc[1] == pytest.approx(21.23 * 1609.344)
    assert df["elevation_gain_m"].iloc[1] == pytest.approx(98 * 0.3048)
    assert df["distance_m"].iloc[3] == pytest.approx(1500 * 0.9144)  # yards
    metric = read_training_log(write(tmp_path, text), units="metric")
    assert metric["distance_m"].iloc[1] == pytest.approx(21230.0)
    with pytest.raises(ValueError, match="units"):
        read_training_log(write(tmp_path, text), units="furlongs")


def test_garmin_legacy_german_layout_with_title_line(tmp_path: Path) -> None:
    text = (
        "Aktivitäten von someone\n \n"
        " Favorit,Aktivitätsname,Aktivitätstyp,Start,Zeit,Distanz,Positiver Höhenunterschied,"
        "Ø HF,Max. HF,Kalorien,\n"
        ' false,Lauf,Laufen,"Fr, 25 Mai 2012 20:31",1:05:11,"10,20",38,138,150,588,\n'
        ' false,1.500 m,Laufen,"Di, 22 Mai 2012 19:47",6:33,"1,50",5,--,--,82,\n'
        " \n"
    )
    df = read_training_log(write(tmp_path, text))
    assert_log(df)
    assert df["distance_m"].tolist() == pytest.approx([1500.0, 10200.0])
    assert df["elapsed_s"].tolist() == [393, 3911]
    assert df["start_time"].iloc[1] == pd.Timestamp("2012-05-25T20:31:00Z")
    assert df["sport"].tolist() == ["running", "running"]
    assert df["avg_heart_rate_bpm"].iloc[1] == 138 and np.isnan(df["max_heart_rate_bpm"].iloc[0])
    assert df.attrs["layout"] == "garmin_connect_legacy"
    assert "zeit_s" not in df  # Zeit is the elapsed time here, consumed


# ---------------------------------------------------------------------------
# Garmin Connect in every language
# ---------------------------------------------------------------------------

#: Per language: headers as found in public exports (see docs/io-csv.md), the
#: decimal mark seen in that language's exports, and sport labels (run, ride,
#: pool swim, strength). Fields a language's sources do not show are left out.
LANGUAGES: dict[str, dict[str, object]] = {
    "en": {"decimal": ".", "sports": ("Running", "Cycling", "Pool Swim", "Strength Training"),
           "headers": {"type": "Activity Type", "date": "Date", "favorite": "Favorite",
                       "title": "Title", "distance": "Distance", "calories": "Calories",
                       "time": "Time", "avg_hr": "Avg HR", "max_hr": "Max HR",
                       "ascent": "Total Ascent", "moving": "Moving Time",
                       "elapsed": "Elapsed Time"}},
    "de": {"decimal": ".", "sports": ("Laufen", "Radfahren", "Schwimmbadschwimmen",
                                      "Krafttraining"),
           "headers": {"type": "Aktivitätstyp", "date": "Datum", "favorite": "Favorit",
                       "title": "Titel", "distance": "Distanz", "calories": "Kalorien",
                       "time": "Zeit", "avg_hr": "Ø HF", "max_hr": "Max. HF",
                       "ascent": "Positiver Höhenunterschied", "moving": "Zeit in Bewegung",
                       "elapsed": "Verstrichene Zeit"}},
    "fr": {"decimal": ".", "sports": ("Course à pied", "Vélo", "Natation en piscine",
                                      "Musculation"),
           "headers": {"type": "Type d'activité", "date": "Date", "favorite": "Favori",
                       "title": "Titre", "distance": "Distance", "calories": "Calories",
                       "time": "Durée", "avg_hr": "Fréquence cardiaque moyenne",
                       "max_hr": "Fréquence cardiaque maximale", "ascent": "Ascension totale",
                       "moving": "Temps de déplacement", "elapsed": "Temps écoulé"}},
    "es": {"decimal": ",", "sports": ("Carrera", "Ciclismo", "Natación en piscina",
                                      "Entrenamiento de fuerza"),
           "headers": {"type": "Tipo de actividad", "date": "Fecha", "title": "Título",
                       "distance": "Distancia", "calories": "Calorías", "time": "Tiempo",
                       "avg_hr": "Frecuencia cardiaca media", "max_hr": "FC máxima",
                       "ascent": "Ascenso total"}},
    "it": {"decimal": ".", "sports": ("Corsa", "Ciclismo", "Nuoto in piscina",
                                      "Allenamento della forza"),
           "headers": {"type": "Tipo di attività", "date": "Data", "favorite": "Preferita",
                       "title": "Titolo", "distance": "Distanza", "calories": "Calorie",
                       "time": "Tempo", "avg_hr": "FC Media", "max_hr": "FC max",
                       "ascent": "Ascesa totale", "moving": "Tempo in movimento",
                       "elapsed": "Tempo trascorso"}},
    "nl": {"decimal": ",", "sports": ("Hardlopen", "Fietsen", "Zwembadzwemmen",
                                      "Krachttraining"),
           "headers": {"type": "Activiteittype", "date": "Datum", "favorite": "Favoriet",
                       "title": "Titel", "distance": "Afstand", "calories": "Calorieën",
                       "time": "Tijd", "avg_hr": "Gem. HS", "max_hr": "Max. HS",
                       "ascent": "Totale stijging", "moving": "Tijd bewogen",
                       "elapsed": "Verstreken tijd"}},
    "pt": {"decimal": ".", "sports": ("Corrida", "Ciclismo", "Natação em piscina",
                                      "Musculação"),
           "headers": {"type": "Tipo de atividade", "date": "Data", "favorite": "Favorito",
                       "title": "Título", "distance": "Distância", "calories": "Calorias",
                       "time": "Tempo total", "avg_hr": "FC Média", "max_hr": "FC máxima",
                       "ascent": "Subida total", "moving": "Tempo em movimento",
                       "elapsed": "Tempo transcorrido"}},
    "pl": {"decimal": ".", "sports": ("Bieganie", "Kolarstwo", "Pływanie na basenie",
                                      "Trening siłowy"),
           "headers": {"type": "Typ aktywności", "date": "Data", "favorite": "Ulubiony",
                       "title": "Tytuł", "distance": "Dystans", "calories": "Suma kalorii",
                       "time": "Czas", "avg_hr": "Średnie tętno",
                       "max_hr": "Maksymalne tętno"}},
    "da": {"decimal": ",", "sports": ("Løb", "Cykling", "Svømning", "Styrketræning"),
           "headers": {"type": "Aktivitetstype", "date": "Dato", "title": "Titel",
                       "distance": "Distance", "calories": "Kalorier", "time": "Tid",
                       "avg_hr": "Gennemsnitlig puls", "max_hr": "Maks. puls",
                       "ascent": "Samlet stigning"}},
    "no": {"decimal": ",", "sports": ("Løping", "Sykling", "Bassengsvømming", "Styrketrening"),
           "headers": {"type": "Aktivitetstype", "date": "Dato", "favorite": "Favoritt",
                       "title": "Tittel", "distance": "Distanse", "calories": "Kalorier",
                       "time": "Tid", "avg_hr": "Gjennomsnittlig puls", "max_hr": "Makspuls",
                       "ascent": "Total stigning", "moving": "Tid i bevegelse",
                       "elapsed": "Medgått tid"}},
    "sv": {"decimal": ",", "sports": ("Löpning", "Cykling", "Simbassäng", "Styrketräning"),
           "headers": {"type": "Aktivitetstyp", "date": "Datum", "distance": "Distans",
                       "time": "Tid", "avg_hr": "Medelpuls", "max_hr": "Maxpuls"}},
}  # fmt: skip

#: Four activities as (field -> value); numbers as text with "." decimals and
#: "," thousands, translated per language by localise().
ACTIVITIES = (
    {"date": "2024-03-17 09:35:21", "favorite": "false", "title": "Half Marathon",
     "distance": "21.23", "calories": "2,389", "time": "02:26:52", "avg_hr": "167",
     "max_hr": "184", "ascent": "98", "moving": "02:26:46", "elapsed": "02:26:52"},
    {"date": "2024-03-18 17:00:00", "favorite": "true", "title": "Ride",
     "distance": "42.50", "calories": "1,100", "time": "01:30:00.5", "avg_hr": "140",
     "max_hr": "170", "ascent": "1,204", "moving": "01:28:00", "elapsed": "01:31:10"},
    {"date": "2024-03-20 07:00:00", "favorite": "false", "title": "Swim",
     "distance": "1,500", "calories": "300", "time": "00:30:00", "avg_hr": "--",
     "max_hr": "--", "ascent": "--", "moving": "00:28:00", "elapsed": "00:31:00"},
    {"date": "2024-03-13 17:19:57", "favorite": "false", "title": "Strength",
     "distance": "0.00", "calories": "663", "time": "01:45:42", "avg_hr": "100",
     "max_hr": "142", "ascent": "--", "moving": "01:45:42", "elapsed": "01:45:42"},
)  # fmt: skip


def localise(value: str, decimal: str) -> str:
    """English number text in a decimal-comma locale: 1,204.5 -> 1.204,5."""
    if decimal == ".":
        return value
    return value.translate(str.maketrans({",": ".", ".": ","}))


def garmin_csv(language: str, fields: list[str], *, decimal: str | None = None) -> str:
    spec = LANGUAGES[language]
    headers: dict[str, str] = spec["headers"]  # type: ignore[assignment]
    decimal = decimal or str(spec["decimal"])
    lines = [",".join(f'"{headers[f]}"' if "," in headers[f] else headers[f] for f in fields)]
    for sport, row in zip(spec["sports"], ACTIVITIES, strict=True):  # type: ignore[call-overload]
        values = {**row, "type": sport}
        cells = [values[f] if f in ("type", "date", "favorite") else
                 f'"{localise(values[f], decimal)}"' for f in fields]  # fmt: skip
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


def fields_of(language: str) -> list[str]:
    headers: dict[str, str] = LANGUAGES[language]["headers"]  # type: ignore[assignment]
    order = ("type", "date", "favorite", "title", "distance", "calories", "time", "avg_hr",
             "max_hr", "ascent", "moving", "elapsed")  # fmt: skip
    return [f for f in order if f in headers]


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_garmin_every_language_reads_like_english(tmp_path: Path, language: str) -> None:
    fields = fields_of(language)
    english = read_training_log(write(tmp_path, garmin_csv("en", fields), "en.csv"))
    local = read_training_log(write(tmp_path, garmin_csv(language, fields), "local.csv"))
    assert_log(local)
    assert local.attrs["layout"] == "garmin_connect_activities"
    if language not in ("da", "no"):  # they share most headers; either is right
        assert local.attrs["language"] == language
    assert local.attrs["decimal_mark"] == LANGUAGES[language]["decimal"]
    pd.testing.assert_frame_equal(local[list(LOG_COLUMNS)], english[list(LOG_COLUMNS)])
    assert local["sport"].tolist() == ["training", "running", "cycling", "swimming"]
    assert local["activity_type"].tolist()[1] == LANGUAGES[language]["sports"][0]  # type: ignore[index]
    half = local.iloc[1]
    assert half["distance_m"] == pytest.approx(21230.0)
    assert local["distance_m"].iloc[3] == 1500.0  # swims in metres, "1.500" / "1,500"
    if "avg_hr" in fields:
        assert half["avg_heart_rate_bpm"] == 167
    ride_seconds = 5470.0 if "elapsed" in fields else 5400.5  # "01:30:00,5" in comma locales
    assert local["elapsed_s"].iloc[2] == ride_seconds


@pytest.mark.parametrize("language", ["de", "fr", "it", "pt", "pl", "en"])
def test_garmin_decimal_comma_in_any_language(tmp_path: Path, language: str) -> None:
    fields = fields_of(language)
    dot = read_training_log(write(tmp_path, garmin_csv(language, fields), "a.csv"))
    comma = read_training_log(write(tmp_path, garmin_csv(language, fields, decimal=","), "b.csv"))
    assert comma.attrs["decimal_mark"] == ","
    pd.testing.assert_frame_equal(comma[list(LOG_COLUMNS)], dot[list(LOG_COLUMNS)])
    if "ascent" in fields:
        assert comma["elevation_gain_m"].iloc[2] == 1204  # "1.204" with a decimal comma


@pytest.mark.parametrize(
    ("language", "layout"),
    [
        ("de", "%d.%m.%Y %H:%M:%S"),
        ("es", "%d/%m/%Y %H:%M:%S"),
        ("it", "%d/%m/%Y %H:%M"),
        ("pl", "%d.%m.%Y %H:%M"),
        ("nl", "%d-%m-%Y %H:%M:%S"),
        ("en", "%m/%d/%Y %I:%M:%S %p"),
    ],
)
def test_garmin_local_date_layouts(tmp_path: Path, language: str, layout: str) -> None:
    fields = fields_of(language)
    text = garmin_csv(language, fields)
    for row in ACTIVITIES:
        stamp = pd.Timestamp(row["date"])
        text = text.replace(row["date"], stamp.strftime(layout))
    df = read_training_log(write(tmp_path, text))
    expected = [pd.Timestamp(r["date"], tz="UTC") for r in ACTIVITIES]
    if "%S" not in layout:
        expected = [t.floor("min") for t in expected]
    assert sorted(df["start_time"]) == sorted(expected)


def test_log_dates_one_order_per_column_and_capped_cells() -> None:
    day_first = log_dates(
        pd.Series(["05/01/2024 10:00:00", "13/01/2024 10:00:00", "x" * 2_000_000])
    )
    assert day_first.tolist()[:2] == [
        pd.Timestamp("2024-01-05T10:00Z"),
        pd.Timestamp("2024-01-13T10:00Z"),
    ]
    assert pd.isna(day_first.iloc[2])  # a 2 MB cell is refused before any parsing
    # the layout reading most values wins, whatever the preference; its swap is ruled out
    us = log_dates(pd.Series(["05/01/2024 10:00", "12/31/2024 10:00", "11/30/2024 10:00"]))
    assert us.tolist() == [pd.Timestamp(f"2024-{d}T10:00Z") for d in ("05-01", "12-31", "11-30")]
    mixed = log_dates(pd.Series(["05/01/2024", "13/01/2024", "12/31/2024"]), month_first=False)
    assert mixed.tolist()[:2] == [pd.Timestamp(f"2024-01-{d}T00:00Z") for d in ("05", "13")]
    assert pd.isna(mixed.iloc[2])  # never read month first in a day-first column
    czech = log_dates(pd.Series(["5. 1. 2024 9:05:00", "17. 3. 2024 10:00:00"]))
    assert czech.tolist() == [pd.Timestamp("2024-01-05T09:05Z"), pd.Timestamp("2024-03-17T10:00Z")]
    old = log_dates(pd.Series(["0001-01-01 00:00:00", "2024-01-01 00:00:00", "--"]))
    assert pd.isna(old.iloc[0]) and old.iloc[1] == pd.Timestamp("2024-01-01T00:00Z")
    words = log_dates(pd.Series(["Oct 6, 2022, 11:19:20 PM", "22 mai 2024, 08:19:26"]))
    assert words.tolist() == [
        pd.Timestamp("2022-10-06T23:19:20Z"),
        pd.Timestamp("2024-05-22T08:19:26Z"),
    ]


def test_hostile_cells_are_missing_values_not_errors(tmp_path: Path) -> None:
    """2 MB date and duration cells (issue 10: 90 s and a raw ValueError before)."""
    fields = fields_of("en")
    text = garmin_csv("en", fields)
    text = text.replace("2024-03-18 17:00:00", "2024-03-18 " + "9" * 2_000_000, 1)
    text = text.replace('"01:45:42"', '"' + "9" * 2_000_000 + ':00:00"', 1)
    df = read_training_log(write(tmp_path, text))
    assert len(df) == 4 and df["start_time"].isna().sum() == 1
    assert "1 row(s) with an unreadable date" in df.attrs["notes"][-1]
    assert df["elapsed_s"].notna().all()  # the Time column is the broken one here
    assert df["time_s"].isna().sum() == 1


def test_garmin_unknown_language_read_by_position(tmp_path: Path) -> None:
    fields = fields_of("en")
    english = read_training_log(write(tmp_path, garmin_csv("en", fields), "en.csv"))
    lines = garmin_csv("en", fields).splitlines()
    lines[0] = ",".join(f"c{i}" for i in range(len(fields)))  # headers nobody knows
    df = read_training_log(write(tmp_path, "\n".join(lines) + "\n"))
    assert df.attrs["language"] == "unknown" and "position" in df.attrs["notes"][-1]
    for name in ("start_time", "sport", "name", "distance_m", "avg_heart_rate_bpm"):
        pd.testing.assert_series_equal(df[name], english[name])
    assert df["elapsed_s"].tolist() == english["time_s"].tolist()  # Time, the only duration
    assert "c9" in df and "c5" in df  # ascent and calories kept under their headers


def test_unreadable_log_names_the_columns_not_understood(tmp_path: Path) -> None:
    text = 'Laji,Päivä,Otsikko,Matka,Kesto\nJuoksu,17.3.2024,Lenkki,"5,0",00:30:00\n'
    with pytest.raises(UnsupportedFormatError) as info:
        read_training_log(write(tmp_path, text))
    message = str(info.value)
    assert "columns not understood: ['Laji', 'Päivä', 'Otsikko', 'Matka', 'Kesto']" in message
    assert "no column understood as the activity type, the date" in message
    half = 'Aktivitetstype,Dato,Titel,Afstand mystery\nLøb,2024-03-17 09:35:21,Tur,"5,0"\n'
    with pytest.raises(UnsupportedFormatError) as info:
        read_training_log(write(tmp_path, half))
    assert "['Afstand mystery']" in str(info.value)
    assert "the time or the elapsed time or the moving time or the distance" in str(info.value)


def test_vocabularies_give_each_header_one_field() -> None:
    for layout in LAYOUTS:
        owners: dict[str, str] = {}
        for name in layout.fields:
            for key in layout.aliases(name):
                assert owners.setdefault(key, name) == name, (layout.key, key)


def test_strava_danish_headers_and_text_ids(tmp_path: Path) -> None:
    text = (
        "Aktivitets-id,Aktivitetsdato,Aktivitetsnavn,Aktivitetstype,Distance,Tid i bevægelse,"
        "Gennemsnitlig puls,Maks. puls,Samlet stigning\n"
        'a1,"22.05.2024, 08:19:26",Morgenløb,Løb,"5,01",1750,150,170,"20,5"\n'
    )
    df = read_training_log(write(tmp_path, text))
    assert df.attrs["language"] == "da" and df.attrs["layout"] == "strava_activities"
    row = df.iloc[0]
    assert row["sport"] == "running" and row["distance_m"] == pytest.approx(5010.0)
    assert row["moving_s"] == 1750 and row["elevation_gain_m"] == 20.5
    assert df["activity_id"].dtype == "string" and row["activity_id"] == "a1"  # not numeric


# ---------------------------------------------------------------------------
# Sources, errors, sports
# ---------------------------------------------------------------------------


def test_gzip_file_object_and_bom(tmp_path: Path) -> None:
    data = ("\ufeff" + STRAVA_HEADER + STRAVA_ROWS).encode()
    path = tmp_path / "activities.csv.gz"
    path.write_bytes(gzip.compress(data))
    assert len(read_training_log(path)) == 2
    assert len(read_training_log(str(path))) == 2
    assert len(read_training_log(io.BytesIO(data))) == 2
    with path.open("rb") as handle:
        assert read_training_log(handle)["activity_id"].tolist() == [10, 20]


def test_other_csv_lists_what_was_expected(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormatError) as info:
        read_training_log(write(tmp_path, "a,b,c\n1,2,3\n", "other.csv"))
    message = str(info.value)
    assert "Activity ID" in message and "Activity Type" in message and "['a', 'b', 'c']" in message
    with pytest.raises(UnsupportedFormatError, match=r"record stream.*read_csv"):
        read_training_log(write(tmp_path, "time,hr\n2024-05-01T07:30:00Z,100\n", "s.csv"))


@pytest.mark.parametrize(
    ("label", "sport"),
    [
        ("Run", "running"),
        ("Trail Running", "running"),
        ("Treadmill Running", "running"),
        ("VirtualRun", "running"),
        ("Ride", "cycling"),
        ("Indoor Cycling", "cycling"),
        ("E-Bike Ride", "e_biking"),
        ("Walk", "walking"),
        ("Casual Walking", "walking"),
        ("Hike", "hiking"),
        ("Open Water Swimming", "swimming"),
        ("Weight Training", "training"),
        ("Strength Training", "training"),
        ("Yoga", "training"),
        ("Elliptical", "fitness_equipment"),
        ("Resort Skiing/Snowboarding", "alpine_skiing"),
        ("NordicSki", "cross_country_skiing"),
        ("Indoor Rowing", "rowing"),
        ("Stand Up Paddleboarding", "paddling"),
        ("Laufen", "running"),
        ("Course à pied", "running"),
        ("Løb", "running"),
        ("Løping", "running"),
        ("Löpband", "running"),
        ("Juoksu", "running"),
        ("Běh", "running"),
        ("Hardlopen", "running"),
        ("Corrida em esteira", "running"),
        ("Kolarstwo", "cycling"),
        ("Cyklistika", "cycling"),
        ("Pyöräily", "cycling"),
        ("Pływanie na basenie", "swimming"),
        ("Svømning", "swimming"),
        ("Narciarstwo biegowe", "cross_country_skiing"),
        ("Sci di fondo", "cross_country_skiing"),
        ("Wandelen", "walking"),
        ("Vandring", "hiking"),
        ("Styrketræning", "training"),
        ("Trening siłowy", "training"),
        ("Rock Climbing", "rock_climbing"),
        ("Other", "other"),
    ],
)
def test_sport_names(label: str, sport: str) -> None:
    assert normalise_sport(pd.Series([label])).iloc[0] == sport


# ---------------------------------------------------------------------------
# Real files
# ---------------------------------------------------------------------------

real = pytest.mark.real
real_file = real_path


def run_paces_min_per_km(df: pd.DataFrame) -> pd.Series:
    runs = df[(df["sport"] == "running") & (df["distance_m"] > 0)]
    seconds = runs["moving_s"].fillna(runs["elapsed_s"])
    return seconds / 60 / (runs["distance_m"] / 1000)


@real
def test_real_strava_history() -> None:
    df = read_training_log(real_file("aakashb-1996-strava-analysis/activities.csv"))
    assert_log(df)
    assert len(df) == 610 and df["start_time"].notna().all()
    assert (df["sport"] == "running").sum() == 439
    assert df["start_time"].min().year == 2022 and df["start_time"].max().year == 2025
    assert df["activity_id"].is_unique
    assert df["source_file"].str.startswith("activities/").sum() >= 600
    runs = df[df["sport"] == "running"]
    assert (runs["distance_m"] > 0).all()
    paces = run_paces_min_per_km(df)
    assert paces.between(2, 12).mean() > 0.95
    assert runs["avg_heart_rate_bpm"].between(90, 210).mean() > 0.95


@real
def test_real_garmin_history() -> None:
    df = read_training_log(real_file("kostaskes-my-garmin-runs/Activities.csv"))
    assert_log(df)
    # the file holds 1978 activity rows (the data set's manifest says 1977)
    assert len(df) == 1978 and df["start_time"].notna().all()
    assert df["sport"].value_counts()["running"] == 623 + 42 + 8  # + trail, treadmill
    assert df.attrs["units"]["system"] == "metric"
    runs = df[df["sport"] == "running"]
    assert (runs["distance_m"] > 0).mean() > 0.99
    assert run_paces_min_per_km(df).between(2, 12).mean() > 0.95
    assert (df["elapsed_s"] > 0).all()
    swims = df[df["sport"] == "swimming"]
    assert swims["distance_m"].between(100, 5000).all()  # metres, not km


@real
@pytest.mark.parametrize(
    ("relative", "rows", "kind"),
    [
        ("conmogmatth92-running/Activities.csv", 66, "garmin"),
        ("lorraine-sanares-running-dashboard/activities.csv", 32, "strava"),
        ("martin-ueding-geo-activity-playground/activities.csv", 1, "strava"),
        ("runalyze-runalyze/GarminConnect.csv", 6, "garmin"),
    ],
)
def test_real_smaller_logs(relative: str, rows: int, kind: str) -> None:
    df = read_training_log(real_file(relative))
    assert_log(df)
    assert len(df) == rows and df.attrs["source_kind"] == kind
    assert df["start_time"].notna().all()
    assert run_paces_min_per_km(df).between(2, 12).all()


@real
def test_real_half_marathon_row() -> None:
    df = read_training_log(real_file("conmogmatth92-running/Activities.csv"))
    half = df[df["name"].str.contains("Half Marathon", na=False)].iloc[0]
    assert half["distance_m"] == pytest.approx(21230.0)
    assert half["elapsed_s"] == 2 * 3600 + 26 * 60 + 52
    assert df["calories"].max() == 2506


@real
@pytest.mark.parametrize(
    "relative",
    [
        "dtcooper-python-fitparse/garmin-fenix-5-run-records.csv",
        "alex-hhh-activitylog2/track-data-2604.csv",
        "runalyze-runalyze/Wahoo.csv",
        "runalyze-runalyze/Epson.csv",
    ],
)
def test_real_record_streams_are_not_logs(relative: str) -> None:
    with pytest.raises(UnsupportedFormatError, match="not a recognised training log"):
        read_training_log(real_file(relative))
