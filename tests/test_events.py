"""Grouping articles into events by content."""
from __future__ import annotations

import json

import pandas as pd

from analysis import load_corpus
from analysis.cli import main
from analysis.config import DEFAULT_CORPUS
from analysis.events import adjusted_rand_index, group_events

from .conftest import eval_path

STORIES = {
    "budget": [
        "The city council approved a budget of 4 billion dollars for schools and roads after a long debate.",
        "Council members passed the city budget, putting more money into schools and road repairs.",
        "After hours of debate the council voted for the budget, which adds money for schools and roads.",
    ],
    "storm": [
        "A winter storm knocked out power to thousands of homes and closed the airport on Sunday.",
        "Thousands of homes lost power and flights were cancelled at the airport as the storm hit.",
        "The storm left thousands without power; the airport shut its runways for most of Sunday.",
    ],
}


def test_articles_of_one_story_are_grouped_and_other_stories_kept_apart(tmp_path):
    rows = [{"id": f"{k}{i}", "text": t, "outlet": f"outlet{i}", "event": "ignored"}
            for k, texts in STORIES.items() for i, t in enumerate(texts)]
    rows.append({"id": "lone", "text": "A rare bird was seen in the botanical garden by a group of students."})
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    groups = group_events(load_corpus(path, cache=False)).set_index("doc_id")["event"]
    assert groups["budget0"] == groups["budget1"] == groups["budget2"]
    assert groups["storm0"] == groups["storm1"] == groups["storm2"]
    assert groups["budget0"] != groups["storm0"]
    assert groups["lone"] not in (groups["budget0"], groups["storm0"])


def test_the_seeds_are_one_event():
    groups = group_events(load_corpus(DEFAULT_CORPUS, cache=False))
    assert groups["event"].nunique() == 1


def test_adjusted_rand_index():
    assert adjusted_rand_index([1, 1, 2, 2], ["a", "a", "b", "b"]) == 1.0
    assert adjusted_rand_index([1, 1, 2, 2], ["a", "b", "a", "b"]) < 0.0
    assert abs(adjusted_rand_index([1, 1, 1, 2, 2, 2], [1, 1, 2, 2, 3, 3]) - 0.2424) < 1e-3


def test_events_cli(tmp_path):
    out = tmp_path / "events.csv"
    assert main(["events", str(DEFAULT_CORPUS), "--out", str(out)]) == 0
    df = pd.read_csv(out)
    assert list(df.columns) == ["article_id", "file", "event"] and len(df) == 2


def test_basil_events_are_recovered_from_content():
    folder = eval_path("basil_dev")
    truth = {}
    for line in (folder / "annotations.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec.get("record") == "article":
            truth[rec["file"]] = rec["event"]
    groups = group_events(load_corpus(folder, cache=False))
    ari = adjusted_rand_index([truth[f] for f in groups["file"]], list(groups["event"]))
    assert ari >= 0.97, ari  # README: 0.976


def test_blocking_finds_the_groups_of_the_all_pairs_comparison_on_basil():
    corpus = load_corpus(eval_path("basil_dev"), cache=False)
    exact = group_events(corpus)
    blocked = group_events(corpus, block_above=0)
    assert list(blocked["event"]) == list(exact["event"])


def test_look_alike_events_of_ecbplus_dev():
    """Two real events of one kind per topic (two earthquakes, two arrests); no dates given, but many
    pages print one. README: 0.952."""
    import pandas as pd

    folder = eval_path("ecbplus_dev")
    gold = pd.read_csv(folder / "events.csv").set_index("file")["event"]
    groups = group_events(load_corpus(folder, cache=False))
    groups = groups[groups["file"].isin(gold.index)]  # the folder's licence file is not an article
    assert len(groups) == len(gold)
    assert adjusted_rand_index([gold[f] for f in groups["file"]], list(groups["event"])) >= 0.95


def _arrest(name: str, first: str, team: str, extra: str = "") -> str:
    return (f"{first} {name} arrested on suspicion of drunken driving\n"
            f"{team} receiver {first} {name} was arrested on suspicion of drunken driving early Tuesday, police said. "
            f"{name} failed sobriety tests after officers stopped his car on the freeway. {extra}"
            f"The team said {name} would play on Sunday. {name} has not commented on the arrest.")


def test_the_person_a_story_is_about():
    from analysis.events import principal_people
    texts = [_arrest("Jackson", "Vincent", "Chargers"),
             # a spokesperson quoted at length, named in neither headline nor lead, is not the subject
             "Shelter shelled in Gaza\nA United Nations school used as a shelter by hundreds of families was hit "
             "by shellfire on Tuesday morning, killing at least 30 people and wounding dozens more, in the deadliest "
             "single strike of the three-week-old offensive, according to medical workers and witnesses at the "
             "scene, who said the building had been clearly marked.\n"
             "Christopher Gunness said the site was marked. Gunness said the army knew. Gunness added more.",
             # the headline decides between two people
             "Liberals fume at Chuck Schumer after deal\nMitch McConnell and Chuck Schumer agreed a deal. "
             "McConnell said it was fair. McConnell thanked colleagues. Schumer defended it. Schumer said more.",
             "A storm closed the airport.\nThousands lost power on Sunday."]
    got = principal_people([None] * len(texts), texts)
    assert got == ["Jackson", None, "Schumer", None]


def test_two_arrests_of_different_people_are_two_events_and_one_arrest_stays_one(tmp_path):
    rows = [
        {"id": "jackson-a", "text": _arrest("Jackson", "Vincent", "Chargers"), "outlet": "A"},
        {"id": "jackson-b", "text": _arrest("Jackson", "Vincent", "Chargers", "Jackson was released on bail. "),
         "outlet": "B"},
        # the team's second arrest in a month: the same words, another person (named once as Jackson)
        {"id": "williams-a", "text": _arrest("Williams", "Jamal", "Chargers", "It follows Vincent Jackson's arrest. "),
         "outlet": "A"},
        {"id": "williams-b", "text": _arrest("Williams", "Jamal", "Chargers"), "outlet": "B"},
    ]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    groups = group_events(load_corpus(path, cache=False)).set_index("doc_id")["event"]
    assert groups["jackson-a"] == groups["jackson-b"]
    assert groups["williams-a"] == groups["williams-b"]
    assert groups["jackson-a"] != groups["williams-a"]


def test_a_story_is_one_news_cycle_when_dates_are_known(tmp_path):
    """Rolling coverage must not become one event: three days apart join, a month apart do not."""
    story = STORIES["storm"]
    rows = [{"id": "day0", "text": story[0], "published": "2024-01-07"},
            {"id": "day3", "text": story[1], "published": "2024-01-10"},
            {"id": "month-on", "text": story[2], "published": "2024-02-12"}]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    groups = group_events(load_corpus(path, cache=False)).set_index("doc_id")["event"]
    assert groups["day0"] == groups["day3"] != groups["month-on"]


TOWNS = ["Ashford", "Brixton", "Carlow", "Dunmore", "Elgin", "Fenwick", "Galway", "Harlow", "Ilkley", "Jarrow",
         "Kendal", "Ludlow", "Marlow", "Newry", "Oban", "Penrith", "Ripon", "Selby", "Thirsk", "Whitby"]
WORKS = ["library", "bridge", "school", "clinic", "harbour", "museum", "park", "market", "station", "pool"]


def _dated_corpus(tmp_path, rows):
    """``rows`` plus 40 unrelated council stories, so that a name in three articles is specific to
    one story (anchors are names in at most a tenth of the corpus)."""
    filler = [{"id": f"filler{k}", "published": f"2024-0{1 + k % 9}-1{k % 10}",
               "text": f"{t} council opens {WORKS[k % 10]}\nThe {t} council opened its new {WORKS[k % 10]} "
                       f"after {k + 2} years of planning, Mayor {TOWNS[-(k % 20) - 1]}son said."}
              for k, t in enumerate(TOWNS + [t + "ton" for t in TOWNS])]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows + filler), encoding="utf-8")
    return group_events(load_corpus(path, cache=False)).set_index("doc_id")["event"]


def test_a_follow_up_months_later_joins_its_story_by_the_names_in_its_lead(tmp_path):
    """The arrest and, half a year on, the trial of one named man are one story (as ECB+ codes it);
    two storms a month apart, which share only a weekday's name, stay two events."""
    trial = ("Vincent Jackson convicted of drunken driving\nChargers receiver Vincent Jackson, arrested in "
             "January on suspicion of drunken driving, was convicted on Tuesday. Jackson failed sobriety tests "
             "after officers stopped his car on the freeway, the jury heard. Jackson has not commented.")
    rows = [{"id": "arrest-a", "text": _arrest("Jackson", "Vincent", "Chargers"), "published": "2024-01-09"},
            {"id": "arrest-b", "text": _arrest("Jackson", "Vincent", "Chargers", "He was released. "),
             "published": "2024-01-10"},
            {"id": "trial", "text": trial, "published": "2024-07-16"},
            {"id": "storm-jan", "text": STORIES["storm"][0], "published": "2024-01-07"},
            {"id": "storm-feb", "text": STORIES["storm"][2], "published": "2024-02-12"}]
    groups = _dated_corpus(tmp_path, rows)
    assert groups["arrest-a"] == groups["arrest-b"] == groups["trial"]
    assert (groups == groups["trial"]).sum() == 3
    assert groups["storm-jan"] != groups["storm-feb"]


def test_a_name_all_over_the_corpus_ties_no_follow_up(tmp_path):
    """Monthly pieces that all lead with one senator (in more than a tenth of the corpus) stay apart."""
    rows = [{"id": f"month{m}", "published": f"2024-0{m}-05",
             "text": f"Senator Alvarez campaigns in the state\nSenator Alvarez told supporters on a campaign stop "
                     f"that the state needs {m + 3} new schools. Alvarez said the budget can pay for them."}
            for m in range(1, 7)]
    groups = _dated_corpus(tmp_path, rows)
    assert groups.loc[[f"month{m}" for m in range(1, 7)]].nunique() == 6


def test_a_spokesperson_quoted_in_the_lead_is_a_source_not_the_subject():
    from analysis.events import principal_people, speaker_counts
    text = ("No militants were in the school, the UN says. Christopher Gunness of the UN agency said the school "
            "was marked.\nMr Gunness, a spokesman, said the army knew. \"It was clear,\" said Gunness. "
            "Gunness has asked for an inquiry.")
    assert speaker_counts(text) == {"Gunness": 3, "UN": 1}
    # the one spoken to or about is no speaker
    assert speaker_counts("Police said Jackson failed tests. Officers told Jackson to stop.") == {"Police": 1,
                                                                                                  "Officers": 1}
    assert principal_people(["UN school shelled"], [text]) == [None]
    # a player the police talk about is the subject: no speaker here
    assert speaker_counts("Jamal Williams was arrested early Sunday, police said. Williams defended himself.") == {}


def test_a_fragment_of_two_joins_the_larger_story_it_is_closest_to_on_average():
    """Rows 0-2 and 3-5: two stories. 6-7: a pair whose closest single article is in 3-5 (0.6) but
    which is closer to 0-2 on average (0.30 against 0.10). 8-9: one article close to 0-2 (0.2), the
    other not at all: 0.10 on average, too far. 10-11: close to 0-2 but a month later."""
    import numpy as np
    from scipy import sparse

    from analysis.events import attach_fragments, people_index

    def unit(**parts):
        v = np.zeros(6)
        for k, w in parts.items():
            v[int(k[1])] = w
        return v / np.linalg.norm(v)
    rows = [unit(e0=1)] * 3 + [unit(e1=1)] * 2 + [unit(e2=1)] \
        + [unit(e0=0.3, e2=0.6, e3=0.742), unit(e0=0.3, e3=0.954)] \
        + [unit(e0=0.2, e4=0.98), unit(e5=1)] + [unit(e0=0.3, e3=0.954)] * 2
    x = sparse.csr_matrix(np.vstack(rows))
    labels = np.array([0, 0, 0, 3, 3, 3, 6, 6, 8, 8, 10, 10])
    days = np.array([0.0] * 10 + [30.0, 30.0])
    sim = (x @ x.T).toarray()
    i, j = np.triu_indices(len(rows), k=1)
    ok = (sim[i, j] >= 0.12) & ~(np.abs(days[i] - days[j]) > 7)
    people = people_index([None] * len(rows), [""] * len(rows))
    out = attach_fragments(labels, x, i[ok], j[ok], sim[i, j][ok], 0.12, days, 7.0, people)
    assert out.tolist() == [0, 0, 0, 3, 3, 3, 0, 0, 8, 8, 10, 10]
