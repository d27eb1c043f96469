#!/usr/bin/env python3
"""Splink (DuckDB backend) on a DanCu linkage file: the reference bench/dedup.sh measures DanCu against.

An honest configuration, as Splink's own tutorials build one: names folded (diacritics and case
removed, Đ as D) and cut into family, middle and given name, each compared with Splink's
NameComparison (exact with term-frequency adjustment, then Jaro-Winkler levels); the date of birth as
text (exact, one edit, same month and year, same year: a date known only by its year agrees at the
last level); sex exact; residence same ward / same province; the personal number exact or one edit.
The same five blocking rules as DanCu's. Training as Splink recommends: the prior from deterministic
rules, u by random sampling, m by expectation-maximisation on three blocking rules (the personal number;
family and given name and date of birth; given name and ward), each training the fields it does not
block on.

usage: splink_dedupe.py INPUT.csv PAIRS.csv CLUSTERS.csv [THRESHOLD]
"""
import sys
import time
import unicodedata

import duckdb
import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on


def fold(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d").replace("\u00d0", "D").replace("\u00f0", "d")
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return " ".join(stripped.lower().split())


def main() -> None:
    source, pairs_out, clusters_out = sys.argv[1:4]
    threshold = float(sys.argv[4]) if len(sys.argv) > 4 else 0.9
    started = time.time()
    df = pd.read_csv(source, dtype=str, keep_default_na=False)
    words = df["full_name"].map(lambda n: fold(n).split())
    df["family"] = words.map(lambda w: w[0] if len(w) > 1 else None)
    df["given"] = words.map(lambda w: w[-1] if w else None)
    df["middle"] = words.map(lambda w: " ".join(w[1:-1]) if len(w) > 2 else None)
    for column in ["sex", "dob", "personal_number", "province_code", "ward_code"]:
        df[column] = df[column].map(lambda v: v if v else None)
    df["birth_year"] = df["dob"].map(lambda d: d[:4] if d else None)
    df["day_month"] = df["dob"].map(lambda d: "-".join(sorted(d[5:].split("-"))) if d and len(d) == 10 else None)
    df = df[["record_id", "family", "middle", "given", "sex", "dob", "birth_year", "day_month", "personal_number", "province_code", "ward_code"]]

    dob = cl.CustomComparison(
        output_column_name="dob",
        comparison_levels=[
            cll.NullLevel("dob"),
            cll.ExactMatchLevel("dob"),
            cll.DamerauLevenshteinLevel("dob", 1),
            cll.CustomLevel("substr(dob_l, 1, 7) = substr(dob_r, 1, 7)").configure(label_for_charts="same month and year"),
            cll.CustomLevel("substr(dob_l, 1, 4) = substr(dob_r, 1, 4)").configure(label_for_charts="same year"),
            cll.ElseLevel(),
        ],
    )
    residence = cl.CustomComparison(
        output_column_name="residence",
        comparison_levels=[
            cll.NullLevel("province_code"),
            cll.CustomLevel("ward_code_l = ward_code_r AND province_code_l = province_code_r").configure(label_for_charts="same ward"),
            cll.ExactMatchLevel("province_code"),
            cll.ElseLevel(),
        ],
    )
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        comparisons=[
            cl.NameComparison("family").configure(term_frequency_adjustments=True),
            cl.NameComparison("middle"),
            cl.NameComparison("given").configure(term_frequency_adjustments=True),
            dob,
            cl.ExactMatch("sex"),
            residence,
            cl.DamerauLevenshteinAtThresholds("personal_number", [1]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("personal_number"),
            block_on("family", "given", "birth_year"),
            block_on("dob", "sex"),
            block_on("family", "birth_year", "day_month"),
            block_on("given", "ward_code"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    db = DuckDBAPI(connection=duckdb.connect())
    linker = Linker(db.register(df), settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("personal_number"), block_on("family", "middle", "given", "dob", "ward_code")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=42)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("personal_number"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("family", "given", "dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given", "ward_code"))
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold)
    pairs = predictions.as_pandas_dataframe()[["record_id_l", "record_id_r", "match_probability"]]
    pairs.columns = ["record_id_a", "record_id_b", "match_probability"]
    pairs.to_csv(pairs_out, index=False)
    members = clusters.as_pandas_dataframe()[["record_id", "cluster_id"]]
    members.to_csv(clusters_out, index=False)
    print(f"splink: {len(df)} records, {len(pairs)} pairs at or above {threshold}, "
          f"{members['cluster_id'].nunique()} clusters; {time.time() - started:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
