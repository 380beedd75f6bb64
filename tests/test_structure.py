"""Page structure and chrome removal on the seeds and on small pages written for these tests."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.readers import read_text_file
from analysis.structure import parse_page, split_glued

from .conftest import ANI, YOMIURI


@pytest.fixture(scope="module")
def yomiuri():
    return parse_page(read_text_file(YOMIURI).text)


@pytest.fixture(scope="module")
def ani():
    return parse_page(read_text_file(ANI).text)


def test_yomiuri_metadata(yomiuri):
    assert yomiuri.title == "Japan, S. Korea Confirm Normalization of Military Info-Sharing Agreement"
    assert yomiuri.published == datetime(2023, 3, 17, 5, 8, tzinfo=timezone.utc)
    assert yomiuri.published_tz == "JST"
    assert yomiuri.dateline == "Washington"


def test_yomiuri_body_is_the_article_and_nothing_else(yomiuri):
    body = yomiuri.body
    assert body.startswith("South Korean President Yoon Suk Yeol on Thursday confirmed")
    assert body.endswith("when he meets with Kishida and Yoon.")
    for chrome in ("POPULAR ARTICLE", "ACCESS RANKING", "Komeito", "Streaming Services", "Uteruses"):
        assert chrome not in body
        assert chrome in "\n".join(yomiuri.boilerplate)
    assert len(yomiuri.paragraphs) == 10


def test_ani_metadata(ani):
    assert ani.title is None  # the dump has no headline; its first sentence is not one
    assert ani.agency == "ANI"
    assert ani.published == datetime(2023, 3, 19, 1, 27, tzinfo=timezone.utc)
    assert ani.published_tz == "GMT+10"
    assert ani.dateline == "Seoul"
    assert ani.credit_raw == "(ANI)"


def test_ani_body_drops_promos_and_teasers(ani):
    body = ani.body
    assert body.startswith("South Korea's Defence Ministry initiated the process")  # dateline removed
    assert body.endswith("which brought their ties to their lowest point in decades.")
    boiler = "\n".join(ani.boilerplate)
    for chrome in ("daily dose", "Publish news of your business", "More Information", "PHNOM PENH",
                   "Federal Aviation Administration", "Virgin Orbit"):
        assert chrome not in body
        assert chrome in boiler


def test_glued_chrome_is_split_before_a_dateline():
    assert split_glued(["More InformationWASHINGTON D.C.: After several incidents, the FAA acted ..."]) == [
        "More Information", "WASHINGTON D.C.: After several incidents, the FAA acted ..."]
    assert split_glued(["The iPhone and iOS are fine."]) == ["The iPhone and iOS are fine."]


PROSE = [
    "The city council voted on Tuesday to approve the new budget, which includes money for schools and roads.",
    "Council members said the plan would be reviewed again in the spring, when revenue figures are known.",
    "The mayor, who had opposed an earlier version, said she was satisfied with the compromise reached.",
    "Residents who spoke at the meeting were divided, with some calling for more spending on parks.",
]


def _dump(body_lines: list[str]) -> str:
    menu = ["Home", "News", "Sport", "Weather", "Business", "Opinion"]
    related = ["Related stories", "- Mayor outlines plan for downtown transit hub",
               "- School board elects new chair after long debate", "- Weekend storm knocks out power"]
    footer = ["Sign up for our newsletter to get the latest news in your inbox every morning.",
              "PARIS, France: Officials said that the museum will reopen in the spring after ...",
              "BERLIN, Germany: The government announced a new plan for the rail network that ...",
              "© 2024 Example News. All rights reserved.", "Privacy", "Terms"]
    return "\n".join(menu + ["Council Approves Budget After Long Debate", "By Jane Doe", "March 5, 2024 at 4:10 p.m. EST"]
                     + body_lines + related + footer)


def test_generic_page_furniture_is_removed():
    page = parse_page(_dump(["SPRINGFIELD — " + PROSE[0]] + PROSE[1:]))
    assert page.title == "Council Approves Budget After Long Debate"
    assert page.byline == "Jane Doe"
    assert page.published == datetime(2024, 3, 5, 21, 10, tzinfo=timezone.utc)
    assert page.dateline == "Springfield"
    assert page.paragraphs == [PROSE[0]] + PROSE[1:]


def test_a_lone_subheading_inside_the_body_is_kept_but_a_link_list_is_not():
    body = PROSE[:2] + ["A divided room"] + PROSE[2:3] + ["Read more", "- Budget explained", "- Who voted how"] + PROSE[3:]
    page = parse_page(_dump(body))
    assert "A divided room" in page.paragraphs
    assert "- Budget explained" not in page.paragraphs
    assert PROSE[3] in page.paragraphs


@pytest.mark.parametrize("first, place", [
    ("WASHINGTON — Officials met.", "Washington"),
    ("Seoul [South Korea], March 19 (ANI): Officials met.", "Seoul"),
    ("PHNOM PENH, Cambodia: Officials met.", "Phnom Penh"),
    ("LOS ANGELES (Reuters) - Officials met.", "Los Angeles"),
    ("WEST PALM BEACH — Officials met.", "West Palm Beach"),
])
def test_datelines(first, place):
    text = first.replace("Officials met.", PROSE[0]) + "\n" + "\n".join(PROSE[1:])
    page = parse_page(text)
    assert page.dateline == place
    assert page.paragraphs[0] == PROSE[0]


def test_a_name_before_a_dash_is_not_a_dateline():
    text = "Dee Dee Myers — a former press secretary — is leaving her job at the studio, she said on Monday."
    page = parse_page(text + "\n" + "\n".join(PROSE))
    assert page.dateline is None
    assert page.paragraphs[0] == text


def test_clean_article_keeps_every_line():
    lines = ["Senate Passes Bill", "", PROSE[0], "", "Key points", "", "- more money for roads", "- a new school",
             "- a review in spring", "", PROSE[1], "", "Photo: Getty", "", PROSE[2], "", "Photo: Getty"]
    page = parse_page("\n".join(lines))
    assert page.title == "Senate Passes Bill"
    kept = set(page.paragraphs)
    assert {ln for ln in lines[1:] if ln} <= kept


def test_title_from_metadata_is_taken_out_of_the_text():
    page = parse_page("Stealth Over Health: A Headline.\n\n" + "\n\n".join(PROSE),
                      title_hint="Stealth Over Health: A Headline")
    assert page.title == "Stealth Over Health: A Headline"
    assert page.paragraphs == PROSE


def test_furniture_repeated_across_an_outlets_pages():
    promo = "Our journalism depends on readers like you, and every contribution keeps it going for all."
    page = parse_page(_dump(PROSE + [promo]), repeated=frozenset({promo}))
    assert promo not in page.paragraphs
    assert page.paragraphs[-1] == PROSE[-1]


@pytest.mark.parametrize("text", ["", "\n\n\n", "Home\nNews", "…", "<<<>>>"])
def test_degenerate_pages_do_not_crash(text):
    page = parse_page(text)
    assert isinstance(page.body, str)


# Headline and date: the classes of wrong answers (a menu item, a byline, a caption, the deck, the
# first sentence, the page header's "today" date, a dated list of other stories).

def _page(head: list[str], body: list[str], tail: list[str] = ()) -> str:
    return "\n".join(["Saturday, June 1, 2024", "Skip to content", "Home", "News", "Sport", "Weather"]
                     + head + body + list(tail))


def test_headline_is_the_title_above_the_byline_not_the_menu_deck_or_byline():
    page = parse_page(_page(["Council approves budget for schools and roads",
                             "Members divided over spending on parks in a long night of debate",
                             "By Jane Doe", "March 5, 2024", "City Hall. Photo: John Smith/Example News"],
                            PROSE))
    assert (page.title, page.byline) == ("Council approves budget for schools and roads", "Jane Doe")
    assert page.published.date().isoformat() == "2024-03-05"  # not the header's "today" date
    assert "City Hall. Photo: John Smith/Example News" not in page.paragraphs


def test_headline_that_starts_with_a_number_and_a_date_glued_to_the_byline():
    page = parse_page(_page(["2024 budget passes after council debate", "Jane DoeMarch 5, 2024"], PROSE))
    assert page.title == "2024 budget passes after council debate"
    assert page.published.date().isoformat() == "2024-03-05"


def test_a_page_without_a_headline_says_so_and_never_takes_the_first_sentence():
    page = parse_page(_page(["Share", "Print", "Email"], PROSE))
    assert page.title is None
    assert page.paragraphs == PROSE


def test_date_of_a_list_of_other_stories_is_not_the_articles_date():
    teasers = ["- Mayor outlines plan for downtown transit hub after weeks of talks - May 30, 2024",
               "- School board elects new chair after long debate in the gym - May 29, 2024"]
    page = parse_page(_page(["Council approves budget for schools and roads"] + teasers, PROSE))
    assert page.published is None


def test_a_page_with_a_menu_of_repeated_links_is_not_kept_whole():
    menu = ["Home", "News", "Contact", "Home", "News", "Contact"]
    page = parse_page("\n".join(menu[:3] + PROSE + menu[3:]))
    assert page.paragraphs == PROSE
    assert page.boilerplate == menu


def test_photo_captions_inside_the_body_are_dropped():
    caption = ("In this March 4, 2024, file photo, council members listen to residents during a meeting in "
               "Springfield.")
    slideshow = "2of4Residents wait to speak at the council meeting on Tuesday in Springfield."
    after = "Council members said the budget vote on Tuesday was the closest the city has seen in years."
    page = parse_page(_dump(PROSE[:3] + [caption, slideshow, after]))
    assert page.paragraphs == PROSE[:3] + [after]


def test_a_page_in_another_language_is_read_with_that_languages_function_words():
    body = ["A prefeitura aprovou na terça-feira o novo orçamento, que inclui recursos para escolas e "
            "estradas da cidade.",
            "Os vereadores disseram que o plano será revisto na primavera, quando os números da receita forem "
            "conhecidos.",
            "A prefeita, que se opôs a uma versão anterior, disse que estava satisfeita com o acordo alcançado."]
    menu = ["Início", "Notícias", "Esportes", "Contato", "Publicidade"]
    page = parse_page("\n".join(menu + ["Câmara aprova orçamento para escolas"] + body + ["Política de Privacidade"]))
    assert page.paragraphs == body


def test_a_comment_thread_below_the_story_is_not_the_story():
    comments = ["[ 12 comments ]", "Top Rated Comments", "jdoe", "2 days ago at 07:52 am",
                "I think the council should have spent far more of this money on the parks and the libraries, "
                "which have been neglected for years while the roads got all the attention and the money.",
                "Rating: 36 Votes", "asmith", "2 days ago at 08:10 am",
                "Another long comment that goes on about the budget and the council and the mayor, and about how "
                "the spring review will change nothing at all for the people who live in the city.",
                "Rating: 12 Votes"]
    page = parse_page(_dump(PROSE) + "\n" + "\n".join(comments))
    assert page.paragraphs == PROSE


caption_soup = st.lists(st.sampled_from(
    ["Photo", "PHOTO", "İmage", "Pictures", "credit", "Getty Images", "ſhutterſtock", "(AP Photo)", "file photo",
     "3 of 12", "12of3", "Reuters", " ", ": ", "by ", "The", "said", "\u212aorea", "1", "A"]), max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(caption_soup)
def test_the_caption_prefilter_never_skips_a_line_the_caption_pattern_finds(line):
    from analysis.structure import CAPTION_RE, _may_be_caption
    if CAPTION_RE.search(line):
        assert _may_be_caption(line)


def test_lines_a_browser_draws_as_nothing_are_blank_lines():
    """Empty "<p>&#8203;</p>" paragraphs dump as lines of zero-width spaces: they must not cut the
    body into pieces (before: one paragraph of six kept, and no headline)."""
    paras = ["The city council approved a new budget on Tuesday after a long debate about schools and roads.",
             "Council members said the plan would add money for teachers, bus routes and repairs to bridges.",
             "The mayor, who had pushed for the plan since spring, said she was pleased and thanked the council.",
             "Opponents said the tax rise would hurt families, and one member voted against the budget in the end."]
    zw = "\u200b"
    page = ("Home\nNews\nSports\nWeather\nContact us\nSubscribe\nCouncil passes budget\n"
            + f"\n{zw}\n\ufeff\n".join(paras) + "\n© 2024 Valley Gazette\nPrivacy policy\nTerms of use")
    parsed = parse_page(page)
    assert parsed.title == "Council passes budget"
    assert parsed.body == "\n\n".join(paras)


def test_a_japanese_page_keeps_its_prose_and_drops_its_menus():
    """Japanese is written without spaces: words are counted from characters and a sentence ends
    with 。, so a page with menus is never kept whole (before: every menu line was kept)."""
    menu = ["MENU", "ホーム", "ニュース", "サービスのご案内", "お問い合わせ", "ブログ"]
    paras = ["先日、東京都内の会社が新しいサービスを始めたと発表しました。",
             "このサービスは、中小企業の経理の作業を自動で行うもので、料金は月額三千円からとなっています。",
             "会社によると、すでに百社以上から問い合わせがあり、来年には全国に広げる予定だということです。",
             "担当者は「使いやすさを大切にした」と話しています。"]
    footer = ["関連記事", "新しいアプリの使い方", "経理を楽にする方法", "サイトマップ", "プライバシーポリシー"]
    page = "\n".join(menu + ["新しい経理サービスが始まる"] + paras + footer)
    parsed = parse_page(page)
    assert parsed.body == "\n\n".join(paras)
    assert parsed.title == "新しい経理サービスが始まる"


def test_an_english_page_reads_as_before_when_it_quotes_a_japanese_name():
    from analysis.structure import _features
    line = _features("Prime Minister Fumio Kishida (岸田文雄) said the talks in Tokyo went well for both sides.",
                     frozenset({"the", "in", "for", "went"}))
    assert line.n_words == 15 and line.ends_sentence  # the name in kanji is one word, as before


LISTICLE_PROSE = [
    "Black Friday is here again, and shops across the country are cutting prices on games, films and toys.",
    "The tradition began in American shops in the 1960s, and in recent years it has spread to the whole week.",
    "Who are we to stay out of it? Here are the deals for fans of the eighties that you should not miss:"]
ITEMS = ["1) Lego Star Wars bomber", "http://amzn.to/2iJFhRj", "2) Electric racing track", "http://amzn.to/2hZfWFJ",
         "3) Blade Runner, the final cut", "http://amzn.to/2hWEIX7", "4) Ghostbusters collection",
         "http://amzn.to/2B4BNPS"]


def test_a_numbered_list_the_story_announces_is_part_of_the_story():
    page = "\n".join(["Home", "Offers", "Games", "Black Friday for the nostalgic", *LISTICLE_PROSE, *ITEMS,
                      "Related posts", "- Ten films to watch again", "- The best board games", "Privacy policy"])
    parsed = parse_page(page)
    assert parsed.body.split("\n\n") == LISTICLE_PROSE + ITEMS


def test_a_numbered_list_the_story_does_not_announce_stays_out():
    prose = LISTICLE_PROSE[:2] + ["Shops expect the busiest weekend of the year, and many will open at dawn."]
    page = "\n".join(["Home", "Offers", "Games", "Black Friday for the nostalgic", *prose, "Most read",
                      "1. Ten films to watch again", "2. The best board games", "3. Where to eat in town",
                      "Related posts", "- Ten films to watch again", "- The best board games", "Privacy policy"])
    assert parse_page(page).body.split("\n\n") == prose


FESTIVAL = [
    "The lantern festival opened on Friday evening in Riverside Park, and the crowds came early.",
    "Volunteers had spent the whole week building the stage next to the old boathouse by the water.",
    "By six o'clock the first families were already sitting on the grass with their picnic baskets.",
    "The children's choir sang three songs before the mayor lit the first lantern of the evening.",
    "Then the dancers from the community school performed a piece they had rehearsed since March.",
    "Later the park filled with people walking along the river with lanterns of every colour.",
    "The organisers said they expect even more visitors next year, when the festival turns ten.",
    "We will be back next spring with more photos and stories from the festival.",
]


def test_a_title_repeated_between_paragraphs_as_image_text_does_not_cut_the_story():
    alt = "Riverside Lantern Festival 2024 at Riverside Park"  # each photo's alt text: the post's title
    body = [FESTIVAL[0], alt, alt, FESTIVAL[1], FESTIVAL[2], alt, alt, FESTIVAL[3], alt, alt, FESTIVAL[4], alt,
            alt, FESTIVAL[5], FESTIVAL[6], alt, alt, FESTIVAL[7]]  # photos, two at a time
    page = parse_page("\n".join(["Home", "Events", "Photos", "Contact", "Riverside Lantern Festival",
                                 "June 3, 2024 / by admin", *body, "Leave a Reply", "Home", "Events", "Photos",
                                 "Contact"]))
    assert page.paragraphs == FESTIVAL


def test_dates_repeated_under_a_list_of_other_stories_do_not_join_it_to_the_story():
    related = []
    for title, teaser in [  # other stories on the same topic, each with its author and date
            ("Lantern festival returns next spring", "The lantern festival will return to Riverside Park next "
                                                     "spring, the organisers said on Friday evening."),
            ("Choir to sing at the lantern festival", "The children's choir will sing at the festival in the "
                                                      "park, with lanterns along the river."),
            ("Volunteers wanted for the festival", "Volunteers are needed to build the stage by the old "
                                                   "boathouse in Riverside Park in the week before the festival.")]:
        related += [title, "Jane Doe", "Tuesday June 4, 2024", teaser]
    page = parse_page("\n".join(["Home", "Events", "Photos", "Contact", "Riverside Lantern Festival",
                                 "June 3, 2024 / by admin", *FESTIVAL, "More from Example News", *related,
                                 "Home", "Events", "Photos", "Contact"]))
    assert page.paragraphs == FESTIVAL


def test_a_paragraph_the_paywall_cuts_off_is_the_end_of_the_story():
    cut = ("Later the crowds walked along the river with their lanterns, and the organisers of the festival "
           "said they had never seen so many people in Riverside Park on a single …")
    page = parse_page("\n".join(["Home", "Events", "Photos", "Riverside Lantern Festival", "June 3, 2024",
                                 *FESTIVAL[:3], cut, "To read the full story", "Subscribe Sign In",
                                 "Home", "Events", "Photos"]))
    assert page.paragraphs == FESTIVAL[:3] + [cut]


def test_a_teaser_of_another_story_after_the_body_stays_out():
    other = ("Drivers crossed the new bridge over the motorway for the first time on Monday, two years after "
             "the work on it began in the …")
    page = parse_page("\n".join(["Home", "Events", "Photos", "Riverside Lantern Festival", "June 3, 2024",
                                 *FESTIVAL[:3], other, "Home", "Events", "Photos"]))
    assert page.paragraphs == FESTIVAL[:3]


def test_a_sidebar_of_links_marked_with_guillemets_is_not_the_story_even_beside_a_table():
    intro = ["On this page you will always find the latest championship standings after every race.",
             "Add it to your favourites and come back after each round to check the table.",
             "Final standings of the championship after all thirty races of the season:"]
    table = ["Pos. Driver Points Wins", *[f"{k} Driver{chr(64 + k)} Smith {1000 - 37 * k} {k % 3}"
                                          for k in range(1, 11)]]
    sidebar = []
    for link, teaser in [("» Our columnist", "Our columnist writes every week about racing, motorbikes, touring cars "
                                             "and everything else that happens in the world of motor sport."),
                         ("» Power ranking", "The drivers are ranked in our power ranking this season, at the next "
                                             "race and in the championship as a whole, with the votes of readers."),
                         ("» Race preview", "The next race is on television on Sunday, and our preview tells the "
                                            "history of the track, the statistics of every driver and the tyres."),
                         ("» Podcast", "The podcast is back for a new season, with a long talk about everything "
                                       "that has happened in the world of motor sport in the last few weeks.")]:
        sidebar += [link, teaser]
    page = parse_page("\n".join(["Home", "News", "Standings", "Calendar", "Championship standings",
                                 "Friday, October 22, 2010", *intro, *table, "Share this", *sidebar,
                                 "Privacy policy", "Contact"]))
    assert page.paragraphs[:3] == intro
    assert not any(teaser in page.paragraphs for teaser in sidebar)


@pytest.mark.parametrize("teaser", [
    "Read more: the lantern festival in Riverside Park will need more volunteers next year, the organisers of the "
    "festival said on …",
    "Lantern festival needs more volunteers: the organisers in Riverside Park say the festival will need twice as "
    "many helpers next …"])
def test_a_teaser_of_another_story_on_the_same_topic_stays_out(teaser):
    page = parse_page("\n".join(["Home", "Events", "Photos", "Riverside Lantern Festival", "June 3, 2024",
                                 *FESTIVAL[:3], teaser, "Home", "Events", "Photos"]))
    assert page.paragraphs == FESTIVAL[:3]


def test_a_sub_heading_between_two_photos_of_the_title_is_kept():
    alt = "Riverside Lantern Festival 2024 at Riverside Park"
    page = parse_page("\n".join(["Home", "Events", "Photos", "Contact", "Riverside Lantern Festival",
                                 "June 3, 2024 / by admin", *FESTIVAL[:3], alt, "The evening show", alt,
                                 *FESTIVAL[3:5], alt, FESTIVAL[5], alt, *FESTIVAL[6:], "Leave a Reply", "Home",
                                 "Events", "Photos", "Contact"]))
    assert page.paragraphs == FESTIVAL[:3] + ["The evening show"] + FESTIVAL[3:]
