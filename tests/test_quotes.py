import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from briefing.models import Article, Quote
from briefing.quotes import extract_quotes, merge_actors
from briefing.text import split_paragraphs

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPUS = Path(__file__).resolve().parent / "data" / "corpora" / "quotes"
GOLD = Path(__file__).resolve().parent / "data" / "gold" / "quotes.json"


def article_from_text(text: str, article_id: str = "a") -> Article:
    """An Article from plain text split on blank lines (until the readers land)."""
    return Article(
        id=article_id, path=f"{article_id}.txt", title="", paragraphs=tuple(split_paragraphs(text))
    )


def article_from_file(path: Path) -> Article:
    return article_from_text(path.read_text(encoding="utf-8"), path.stem)


def _metrics() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "quote_metrics", ROOT / "benchmarks" / "quote_metrics.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _the_direct_quote(article: Article) -> Quote:
    """The one direct quote of ``article`` (the test fails if it has none or several)."""
    [quote] = [quote for quote in extract_quotes(article) if quote.kind == "direct"]
    return quote


def _only(quotes: list[Quote], fragment: str) -> Quote:
    matches = [quote for quote in quotes if fragment in quote.text]
    assert len(matches) == 1, [quote.text for quote in quotes]
    return matches[0]


ALL_ARTICLES = sorted(SEEDS.glob("*.txt")) + sorted(CORPUS.glob("*.txt"))


@pytest.mark.parametrize("path", ALL_ARTICLES, ids=lambda path: path.stem)
def test_every_quote_is_verbatim_in_its_paragraph_without_marks(path: Path) -> None:
    article = article_from_file(path)
    quotes = extract_quotes(article)
    assert quotes
    for quote in quotes:
        assert quote.text in article.paragraphs[quote.paragraph]
        assert quote.article_id == article.id
        assert quote.text[:1] not in '"“”' and quote.text[-1:] not in '"“”'
        assert quote.speaker and quote.mention


def test_said_after_curly_quote_names_the_speaker() -> None:
    article = article_from_text("“We will rebuild every school,” Maria Lopez said on Monday.")
    [quote] = extract_quotes(article)
    assert (quote.text, quote.speaker, quote.kind) == (
        "We will rebuild every school",
        "Maria Lopez",
        "direct",
    )


def test_said_before_the_name_in_straight_quotes() -> None:
    article = article_from_text(
        '"The bridge will reopen in May," said Tom Berg, the city engineer.'
    )
    [quote] = extract_quotes(article)
    assert quote.speaker == "Tom Berg"
    assert quote.text == "The bridge will reopen in May"


def test_spokesman_added_resolves_to_previous_speaker() -> None:
    article = article_from_text(
        "Olaf Rinne, the spokesman for the ministry, said that “talks will resume on Friday.”\n\n"
        "Reporters waited outside the building.\n\n"
        "“Nobody should expect a deal this week,” the spokesman added."
    )
    quotes = extract_quotes(article)
    added = _only(quotes, "Nobody should expect")
    assert added.speaker == "Olaf Rinne"
    assert added.mention == "the spokesman"
    assert added.role == "spokesman for the ministry"


def test_pronoun_resolves_to_the_person_named_before_not_a_country() -> None:
    article = article_from_text(
        "Envoy Lena Varga said Freedonia had announced “a full withdrawal of its forces.”\n\n"
        "She said the withdrawal would be checked by monitors."
    )
    reported = _only(extract_quotes(article), "checked by monitors")
    assert reported.kind == "reported"
    assert reported.speaker == "Lena Varga"
    assert reported.mention == "She"


def test_quote_spanning_two_sentences_is_one_quote() -> None:
    article = article_from_text(
        "“The water came at night. We lost everything,” said farmer Ali Demir."
    )
    [quote] = extract_quotes(article)
    assert quote.text == "The water came at night. We lost everything"
    assert quote.speaker == "Ali Demir"
    assert quote.role == "farmer"


def test_unclosed_quote_runs_on_into_the_next_paragraph() -> None:
    article = article_from_text(
        "“We counted every vote,” said Judge Rosa Klein. “Nothing was left out.\n\n"
        "“The result stands and it will be published tomorrow.”"
    )
    quotes = extract_quotes(article)
    assert [quote.speaker for quote in quotes] == ["Rosa Klein"] * 3
    assert _only(quotes, "The result stands").paragraph == 1
    assert _only(quotes, "Nothing was left out").text == "Nothing was left out."


def test_title_before_name_is_the_role() -> None:
    article = article_from_text(
        "Interior Minister Pavel Novak told reporters that “order has been restored.”"
    )
    [quote] = extract_quotes(article)
    assert (quote.speaker, quote.role, quote.mention) == (
        "Pavel Novak",
        "Interior Minister",
        "Interior Minister Pavel Novak",
    )


def test_surname_mention_resolves_to_the_full_name() -> None:
    article = article_from_text(
        "Opposition leader Karin Holm arrived in the capital.\n\n"
        "“We will not accept this result,” Holm said."
    )
    [quote] = extract_quotes(article)
    assert (quote.speaker, quote.mention, quote.role) == ("Karin Holm", "Holm", "Opposition leader")


def test_scare_quotes_are_not_quotes() -> None:
    article = article_from_text(
        'The army launched an "anti-terror" operation against what it calls "separatists" '
        "in the hills."
    )
    assert extract_quotes(article) == []


def test_reported_speech_without_marks_is_kept_as_reported() -> None:
    article = article_from_text(
        "Governor Ana Ruiz said that the evacuation order would stay in place until the river fell."
    )
    [quote] = extract_quotes(article)
    assert quote.kind == "reported"
    assert quote.text == "the evacuation order would stay in place until the river fell."
    assert quote.speaker == "Ana Ruiz"


def test_called_on_is_reported_speech() -> None:
    article = article_from_text("Mayor Ivo Petrov called on residents to stay away from the coast.")
    [quote] = extract_quotes(article)
    assert (quote.kind, quote.text) == ("reported", "residents to stay away from the coast.")


def test_the_statement_continued_resolves_to_the_body_named_before() -> None:
    article = article_from_text(
        "The Transport Ministry released a statement that “all flights are suspended.”\n\n"
        "It is “too early to say when the airport will reopen,” the statement continued."
    )
    quotes = extract_quotes(article)
    assert [quote.speaker for quote in quotes] == ["Transport Ministry", "Transport Ministry"]
    assert quotes[1].mention == "the statement"


def test_according_to_names_the_source() -> None:
    article = article_from_text(
        "The talks “ended without agreement,” according to a Foreign Office statement."
    )
    [quote] = extract_quotes(article)
    assert quote.speaker == "Foreign Office"


def test_merge_actors_folds_accents_surnames_and_titles() -> None:
    quotes = [
        Quote(
            "First thing said at length here",
            "Tomáš Dvořák",
            "a",
            "direct",
            0,
            "Tomáš Dvořák",
            "envoy",
        ),
        Quote("Second thing said", "Tomas Dvorak", "b", "reported", 0, "he", None),
        Quote(
            "Third thing said here", "Dvořák", "b", "direct", 1, "Ambassador Dvořák", "Ambassador"
        ),
        Quote("Other voice speaking", "Foreign Ministry", "b", "direct", 2, "the statement", None),
    ]
    actors = merge_actors(quotes)
    assert [actor.name for actor in actors] == ["Tomáš Dvořák", "Foreign Ministry"]
    first = actors[0]
    assert first.aliases == ("Ambassador Dvořák", "Dvořák", "Tomas Dvorak")
    assert [quote.kind for quote in first.quotes] == ["direct", "direct", "reported"]
    assert first.quotes[0].text == "First thing said at length here"


def test_merge_actors_ranks_by_quotes_and_articles_deterministically() -> None:
    quotes = [
        Quote("a reported clause of some length", "Ben Ode", "x", "reported", 0, "Ben Ode"),
        Quote("one direct quote of some length", "Cara Moe", "x", "direct", 0, "Cara Moe"),
        Quote("another direct quote of some length", "Cara Moe", "y", "direct", 0, "Moe"),
    ]
    first = merge_actors(quotes)
    assert [actor.name for actor in first] == ["Cara Moe", "Ben Ode"]
    assert merge_actors(list(reversed(quotes)))[0].name == "Cara Moe"


def test_seed_aliases_make_one_actor() -> None:
    quotes = [
        quote
        for path in sorted(SEEDS.glob("*.txt"))
        for quote in extract_quotes(article_from_file(path))
    ]
    actors = merge_actors(quotes)
    jenca = [
        actor for actor in actors if "Jenca" in actor.aliases or actor.name == "Miroslav Jenca"
    ]
    assert len(jenca) == 1
    assert jenca[0].name == "Miroslav Jenča"
    assert len({quote.article_id for quote in jenca[0].quotes}) == 2


def test_gold_texts_are_verbatim_in_their_articles() -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["articles"]
    texts = {path.stem: path.read_text(encoding="utf-8") for path in ALL_ARTICLES}
    assert set(gold) == set(texts)
    for article_id, items in gold.items():
        for item in items:
            assert item["text"] in texts[article_id]


def test_quality_floor_against_hand_labelled_gold() -> None:
    metrics = _metrics()
    gold = metrics.load_gold(GOLD)
    predicted = {
        path.stem: [
            {"speaker": quote.speaker, "text": quote.text, "kind": quote.kind}
            for quote in extract_quotes(article_from_file(path))
        ]
        for path in ALL_ARTICLES
    }
    precision, recall = metrics.score_quotes(predicted, gold)
    assert precision >= 0.9
    assert recall >= 0.82


def test_score_quotes_counts_text_and_speaker() -> None:
    metrics = _metrics()
    gold = {"a": [{"speaker": "Miroslav Jenča", "text": "We urge calm now.", "kind": "direct"}]}
    assert metrics.score_quotes(
        {"a": [{"speaker": "Jenca", "text": "We urge calm now", "kind": "direct"}]}, gold
    ) == (
        1.0,
        1.0,
    )
    assert metrics.score_quotes(
        {"a": [{"speaker": "Someone", "text": "We urge calm now", "kind": "direct"}]}, gold
    ) == (
        0.0,
        0.0,
    )


def test_name_particle_stays_in_the_name_and_role_mention_finds_it() -> None:
    article = article_from_text(
        "Economy Minister Karel de Wit urged both sides to return to talks.\n\n"
        "“The port is the heart of our trade,” the minister added."
    )
    quotes = extract_quotes(article)
    assert [quote.speaker for quote in quotes] == ["Karel de Wit", "Karel de Wit"]
    assert quotes[0].role == "Economy Minister"


def test_told_reporters_then_a_bare_clause_is_reported_speech() -> None:
    article = article_from_text(
        "Spokeswoman Ines Roth told reporters the strike was costing millions."
    )
    [quote] = extract_quotes(article)
    assert (quote.kind, quote.text) == ("reported", "the strike was costing millions.")


def test_appositive_after_the_quote_names_the_speaker() -> None:
    article = article_from_text(
        "“Counting started six hours late,” the head of the mission, Mariam Diallo, said."
    )
    [quote] = extract_quotes(article)
    assert quote.speaker == "Mariam Diallo"


def test_the_statement_said_finds_a_body_named_in_reported_speech() -> None:
    article = article_from_text(
        "Rescuer Omar Haddad said boats had reached the village.\n\n"
        "The Health Ministry said in a statement that ten clinics had opened.\n\n"
        "“Doctors are on their way to the north,” the statement said."
    )
    quote = _only(extract_quotes(article), "Doctors are on their way")
    assert quote.speaker == "Health Ministry"


def test_title_with_a_period_before_said_keeps_the_whole_name() -> None:
    article = article_from_text("“The levee held through the night,” Mr. Okafor said on Sunday.")
    [quote] = extract_quotes(article)
    assert (quote.speaker, quote.text) == ("Okafor", "The levee held through the night")
    assert quote.mention == "Mr. Okafor"


def test_said_before_an_abbreviated_title_is_not_the_title() -> None:
    article = article_from_text("“We will appeal the ruling,” said Sen. Ruth Alvarado.")
    [quote] = extract_quotes(article)
    assert quote.speaker == "Ruth Alvarado"


def test_middle_initial_and_party_aside_stay_with_the_name() -> None:
    article = article_from_text(
        "“The budget is a disgrace,” Rep. Carla M. Ibsen (D-Ore.) told reporters on Tuesday."
    )
    [quote] = extract_quotes(article)
    assert quote.speaker == "Carla M. Ibsen"
    assert quote.text == "The budget is a disgrace"


def test_quote_text_keeps_the_periods_of_its_abbreviations() -> None:
    article = article_from_text("“Dr. Haas and Gen. Mori will lead the inquiry,” the mayor said.")
    [quote] = extract_quotes(article)
    assert quote.text == "Dr. Haas and Gen. Mori will lead the inquiry"


def test_asked_and_boasted_attribute_like_said() -> None:
    article = article_from_text(
        "“Who will pay for the new bridge?” Priya Nand asked. "
        "Her rival Tomas Ek boasted, “Nobody builds bridges faster than me.”"
    )
    speakers = {quote.text: quote.speaker for quote in extract_quotes(article)}
    assert speakers == {
        "Who will pay for the new bridge?": "Priya Nand",
        "Nobody builds bridges faster than me.": "Tomas Ek",
    }


def test_a_preposition_before_the_quote_is_not_a_speech_verb() -> None:
    # "advise X on": "on" once counted as a verb ("called on"), making X the speaker.
    article = article_from_text(
        "Ana Lima said she would advise the mayor on handling the “long and hard winter "
        "ahead of the city and its people.”"
    )
    quotes = extract_quotes(article)
    assert [quote.speaker for quote in quotes if quote.kind == "direct"] == ["Ana Lima"]


def test_verb_before_an_earlier_scare_quote_introduces_the_later_quote() -> None:
    article = article_from_text(
        "The interior ministry said its “operations” went on overnight, with several "
        "posts held by “units of the rebel militia groups” taken."
    )
    quote = _the_direct_quote(article)
    assert (quote.text, quote.speaker) == ("units of the rebel militia groups", "interior ministry")


def test_a_show_title_in_marks_is_not_a_quote() -> None:
    article = article_from_text(
        "Lena Ortiz said on “Sunday Morning With the Nation” that she would run again."
    )
    assert [quote.text for quote in extract_quotes(article) if quote.kind == "direct"] == []


def test_a_slogan_in_title_case_is_not_a_key_quote() -> None:
    article = article_from_text("Supporters chanted “Bring Back Our Harbour” outside the hall.")
    assert extract_quotes(article) == []


def test_speakers_that_cannot_speak_are_refused() -> None:
    from briefing.quotes.speakers import Speaker, is_valid_speaker

    refused = ["Rep", "Gen.", "U", "Republican-leaning", "Israeli", "Hillary Clinton Praised"]
    accepted = ["Ruth Alvarado", "prosecutor", "Palestinians", "Interior Ministry", "Okafor"]
    assert [name for name in refused if is_valid_speaker(Speaker(name, None, name))] == []
    assert [name for name in accepted if not is_valid_speaker(Speaker(name, None, name))] == []


def test_a_capital_said_to_speak_is_credited_to_its_country_government() -> None:
    article = article_from_text(
        "The talks stalled on Monday.\n\n"
        "“We will not sign anything under pressure,” Lisbon said in a note to the envoys."
    )
    [quote] = extract_quotes(article)
    assert (quote.speaker, quote.mention) == ("Government of Portugal", "Lisbon")


def test_a_country_that_reports_something_is_its_government() -> None:
    [quote] = extract_quotes(
        article_from_text("Peru said the shipment had been seized at the port of Callao.")
    )
    assert (quote.kind, quote.speaker) == ("reported", "Government of Peru")


def test_a_surname_that_is_a_capital_stays_the_person_named_earlier_in_full() -> None:
    # The full name stands only in a sentence that quotes nobody, with a middle initial.
    article = article_from_text(
        "Dana K. Lima, who led the defence, left the court without a word.\n\n"
        "“The ruling ignores the evidence we brought,” Lima said on Friday."
    )
    assert [quote.speaker for quote in extract_quotes(article)] == ["Dana K. Lima"]


def test_a_title_before_a_place_name_makes_it_a_person() -> None:
    [quote] = extract_quotes(article_from_text("“We stand by every line of it,” Mr. Lima said."))
    assert (quote.speaker, quote.role) == ("Lima", "Mr.")


def test_a_big_city_that_is_no_capital_is_not_a_speaker() -> None:
    assert (
        extract_quotes(article_from_text("“Our tap water is safe to drink,” Houston said.")) == []
    )


def test_a_dateline_in_capitals_or_a_place_without_a_verb_is_not_a_speaker() -> None:
    from briefing.quotes.coreference import Registry, credit_place
    from briefing.quotes.speakers import Speaker

    for name in ("ROME", "NEW DELHI"):
        assert credit_place(Speaker(name, None, name), Registry(), by_verb=True) is None
    rome = Speaker("Rome", None, "Rome")
    assert credit_place(rome, Registry(), by_verb=False) is None
    usa = credit_place(Speaker("USA", None, "USA", is_org=True), Registry(), by_verb=True)
    assert usa is not None and usa.name == "Government of the United States"


def test_he_after_a_government_quote_is_the_person_named_before() -> None:
    article = article_from_text(
        "Envoy Tomas Berg told the council that Chile had announced “new limits on fishing "
        "in the southern waters.”\n\n"
        "He added that the limits would be reviewed after a year of catches had been counted."
    )
    reported = [quote for quote in extract_quotes(article) if quote.kind == "reported"]
    assert [quote.speaker for quote in reported] == ["Tomas Berg"]


def test_a_phrase_in_marks_is_marked_a_fragment_and_a_clause_is_not() -> None:
    article = article_from_text(
        "The council condemned the shelling “in the harshest possible words,” Ana Lind said.\n\n"
        "“The shelling must end tonight,” Lind added.\n\n"
        "Lind said the ministers had “agreed to reopen the northern crossing.”"
    )
    marks = {quote.text: quote.fragment for quote in extract_quotes(article)}
    assert marks["in the harshest possible words"] is True
    assert marks["The shelling must end tonight"] is False
    assert marks["agreed to reopen the northern crossing."] is False


def test_one_ministry_named_four_ways_in_two_articles_is_one_actor() -> None:
    first = article_from_text(
        "Norway’s Foreign Ministry said on Monday that the fishing talks had broken down.\n\n"
        "“We see no reason to meet again this month,” the Foreign Ministry said.\n\n"
        "The Ministry of Foreign Affairs said later that the consulate would stay open.",
        "first",
    )
    second = article_from_text(
        "The Norwegian Foreign Ministry said the trawlers had been told to stay in port.",
        "second",
    )
    quotes = [quote for article in (first, second) for quote in extract_quotes(article)]
    assert len({quote.speaker for quote in quotes}) == 4
    [ministry] = merge_actors(quotes)
    assert ministry.name in {"Norway’s Foreign Ministry", "Norwegian Foreign Ministry"}
    assert "Ministry of Foreign Affairs" in ministry.aliases


def test_a_ministry_named_with_of_is_a_body_not_a_person() -> None:
    [quote] = extract_quotes(
        article_from_text("The Ministry of Foreign Affairs said the border would reopen.")
    )
    assert (quote.speaker, quote.role) == ("Ministry of Foreign Affairs", None)


def test_a_person_never_folds_into_a_body_that_bears_the_name() -> None:
    quotes = [
        Quote("We will carry this county in May", "Okafor", "a", "direct", 0, "Okafor"),
        Quote("We raised two million in a week", "Okafor campaign", "a", "direct", 1, "it"),
    ]
    assert sorted(actor.name for actor in merge_actors(quotes)) == ["Okafor", "Okafor campaign"]


def test_a_paragraph_that_is_only_a_quote_goes_on_with_the_speaker_before() -> None:
    article = article_from_text(
        "“The river rose two metres in one night,” said Hana Kiri, the county engineer.\n\n"
        "“We had never seen water move that fast through the old town.”\n\n"
        "The mayor, Olu Bade, closed the bridges."
    )
    direct = [quote for quote in extract_quotes(article) if quote.kind == "direct"]
    assert [(quote.paragraph, quote.speaker) for quote in direct] == [
        (0, "Hana Kiri"),
        (1, "Hana Kiri"),
    ]


def test_thanked_for_introduces_the_quoted_words() -> None:
    article = article_from_text(
        "Dina Moro thanked the volunteers for “staying through the worst of the storm.”"
    )
    quote = _the_direct_quote(article)
    assert quote.speaker == "Dina Moro"


def test_words_signed_with_a_dash_are_the_signers() -> None:
    article = article_from_text(
        "Readers answered our call.\n\n"
        "“The water reached the second floor in an hour.” ― Ilse Varga"
    )
    quote = _the_direct_quote(article)
    assert quote.speaker == "Ilse Varga"


def test_a_colon_at_a_paragraphs_end_introduces_the_quote_paragraph_after_it() -> None:
    article = article_from_text(
        "The Coast Guard released the following statement:\n\n"
        "“All crews returned safely and the harbour reopens at noon.”\n\n"
        "Stated Piet Vos, the harbour master:\n\n"
        "“We lost two piers but no lives tonight.”"
    )
    direct = [quote for quote in extract_quotes(article) if quote.kind == "direct"]
    assert [quote.speaker for quote in direct] == ["Coast Guard", "Piet Vos"]


def test_a_formal_title_is_not_taken_for_the_last_speaker() -> None:
    article = article_from_text(
        "“We will win this district,” said Maren Holt, who is running for the Senate.\n\n"
        "“The court will hear the case in March,” the Chief Justice said."
    )
    quotes = extract_quotes(article)
    holt = [actor for actor in merge_actors(quotes) if actor.name == "Maren Holt"]
    assert [quote.text for quote in holt[0].quotes] == ["We will win this district"]
    assert all("Justice" not in alias for alias in holt[0].aliases)


def test_one_statement_in_two_outlets_is_one_quote_citing_both() -> None:
    wire = "“The dam will hold,” said Ines Calder, the regional governor, on Monday."
    first = article_from_text(wire, "wire")
    second = article_from_text("Late news. " + wire + " Rain went on.", "paper")
    third = article_from_text("“We will rebuild the road,” Ines Calder said.", "radio")
    quotes = [q for article in (first, second, third) for q in extract_quotes(article)]
    [actor] = merge_actors(quotes)
    dam = [quote for quote in actor.quotes if "dam" in quote.text]
    assert len(dam) == 1
    assert {dam[0].article_id, *dam[0].also_in} == {"wire", "paper"}
    assert dam[0].article_id not in dam[0].also_in
    road = [quote for quote in actor.quotes if "road" in quote.text]
    assert [(quote.article_id, quote.also_in) for quote in road] == [("radio", ())]


def test_quotes_in_single_curly_marks_are_found() -> None:
    article = article_from_text(
        "‘We have enough bread for three more days,’ said Omar Haddad, who runs the bakery."
    )
    [quote] = extract_quotes(article)
    assert (quote.text, quote.speaker) == (
        "We have enough bread for three more days",
        "Omar Haddad",
    )


def test_apostrophes_and_quotes_inside_a_quote_do_not_split_it() -> None:
    article = article_from_text(
        "“The council’s plan says ‘repair first’ and we agree,” said Omar Haddad."
    )
    [quote] = extract_quotes(article)
    assert quote.text == "The council’s plan says ‘repair first’ and we agree"


def test_doubled_apostrophes_work_as_quotation_marks() -> None:
    article = article_from_text("''The water is safe to drink again,'' said Omar Haddad.")
    [quote] = extract_quotes(article)
    assert (quote.text, quote.speaker) == ("The water is safe to drink again", "Omar Haddad")


@pytest.mark.parametrize("verb", ["deadpanned", "gushed", "chided", "elaborated"])
def test_a_less_common_speech_verb_after_the_quote_ties_it_to_its_speaker(verb: str) -> None:
    article = article_from_text(f"“The ferry runs again on Friday,” Lena Ortiz {verb}.")
    [quote] = extract_quotes(article)
    assert (quote.text, quote.speaker) == ("The ferry runs again on Friday", "Lena Ortiz")


def test_a_capitalised_verb_after_the_quote_still_attributes_it() -> None:
    article = article_from_text("“The ferry runs again on Friday,” Lena Ortiz Tweeted.")
    [quote] = extract_quotes(article)
    assert quote.speaker == "Lena Ortiz"


def test_according_to_at_the_start_of_the_sentence_names_the_speaker() -> None:
    article = article_from_text(
        "According to Lena Ortiz, the ferry “will run again before the spring storms.”"
    )
    [quote] = extract_quotes(article)
    assert (quote.text, quote.speaker) == (
        "will run again before the spring storms.",
        "Lena Ortiz",
    )


@pytest.mark.parametrize("verb", ["writes", "argued", "recalls", "insisted"])
def test_any_finite_speech_verb_may_stand_before_the_speaker_after_a_quote(verb: str) -> None:
    article = article_from_text(f"“The ferry runs again on Friday,” {verb} Lena Ortiz.")
    [quote] = extract_quotes(article)
    assert quote.speaker == "Lena Ortiz"


@pytest.mark.parametrize(
    "paragraph",
    [
        "“The last sign on the road said ‘Thank you, drive safely,’” Lena Ortiz said.",
        "“We were all told to ‘go home and wait,’ ” Lena Ortiz said.",
    ],
)
def test_a_quote_ending_in_a_quote_inside_it_still_finds_its_speaker(paragraph: str) -> None:
    [quote] = extract_quotes(article_from_text(paragraph))
    assert quote.speaker == "Lena Ortiz"


def test_a_role_described_by_lower_case_words_resolves_to_the_person_holding_it() -> None:
    article = article_from_text(
        "Opposition leader Karin Holm toured the valley on Tuesday.\n\n"
        "The opposition leader said flatly: “We will not sign this budget.”"
    )
    [quote] = extract_quotes(article)
    assert (quote.speaker, quote.mention) == ("Karin Holm", "The opposition leader")


def test_a_described_role_of_another_office_is_not_the_person_named_before() -> None:
    article = article_from_text(
        "Governor Ana Ruiz toured the valley on Tuesday.\n\n"
        "The former prosecutor told reporters: “The levee will be rebuilt by May.”"
    )
    [quote] = extract_quotes(article)
    assert quote.speaker != "Ana Ruiz"
    assert quote.mention == "The former prosecutor"


def test_a_campaign_role_after_the_quote_is_a_speaker() -> None:
    article = article_from_text("“The levee will be rebuilt by May,” said the Democratic nominee.")
    [quote] = extract_quotes(article)
    assert quote.mention == "the Democratic nominee"


def test_the_strategist_resolves_to_the_strategist_named_before() -> None:
    article = article_from_text(
        "Campaign strategist Ana Ruiz met donors in Reno, and Governor Tomas Weil spoke later.\n\n"
        "“We will win the county by a wide margin,” the strategist said."
    )
    [quote] = extract_quotes(article)
    assert quote.speaker == "Ana Ruiz"


def test_her_rival_with_a_named_aside_is_the_person_in_the_aside() -> None:
    article = article_from_text(
        "Her rival, incumbent President Samuel Okafor, said he would wait for the results."
        " “We will respect the count of every vote,” he said."
    )
    direct = [quote for quote in extract_quotes(article) if quote.kind == "direct"]
    assert [quote.speaker for quote in direct] == ["Samuel Okafor"]


def test_a_participle_after_the_subjects_own_clause_keeps_that_subject() -> None:
    article = article_from_text(
        "Dana Whitlock hit back, saying the new levy was “a waste of everyone’s time.”"
    )
    quote = _the_direct_quote(article)
    assert quote.speaker == "Dana Whitlock"


def test_a_capitalised_opening_word_is_not_the_subject_of_a_participle() -> None:
    article = article_from_text(
        "Likewise, the audit went further, calling the deal “a gift to the contractors.”"
    )
    assert all(quote.speaker != "Likewise" for quote in extract_quotes(article))


def test_a_colon_before_the_quote_gives_it_the_sentences_subject() -> None:
    article = article_from_text(
        "Mayor Lena Ostrova was blunt in her reply: “We will not rebuild on the flood plain.”"
    )
    quote = _the_direct_quote(article)
    assert quote.speaker == "Lena Ostrova"


def test_a_name_before_a_colon_is_the_speaker_of_the_quote_after_it() -> None:
    article = article_from_text(
        "Ferry delays - reporter Tomas Brenner: “The boat left an hour late and nobody said why.”"
    )
    quote = _the_direct_quote(article)
    assert quote.speaker == "Tomas Brenner"


def test_a_capitalised_adverb_or_preposition_is_not_part_of_the_speakers_name() -> None:
    article = article_from_text(
        "Even Ruth Okafor said the plan was “the same promise we heard last spring.”"
    )
    quote = _the_direct_quote(article)
    assert quote.speaker == "Ruth Okafor"


def test_an_age_between_the_name_and_the_verb_keeps_the_speaker() -> None:
    article = article_from_text(
        "“We slept in the car for three nights,” Marta Olsen, 71, told the radio station."
    )
    quote = _the_direct_quote(article)
    assert quote.speaker == "Marta Olsen"


def test_an_aside_with_commas_of_its_own_keeps_the_speaker_before_it() -> None:
    article = article_from_text(
        "“The new rules will empty the high street by winter,” Pavel Horak, who has run a "
        "bakery in Brno, Moravia, for forty years, said on Monday."
    )
    quote = _the_direct_quote(article)
    assert quote.speaker == "Pavel Horak"


def test_the_circumstances_after_an_inverted_verb_are_not_part_of_the_name() -> None:
    article = article_from_text(
        "“The bridge stays shut until the divers finish,” said Ana Ruiz at a briefing."
    )
    quote = _the_direct_quote(article)
    assert (quote.speaker, quote.mention) == ("Ana Ruiz", "Ana Ruiz")


def test_is_quoted_as_saying_leaves_the_name_alone() -> None:
    article = article_from_text(
        "Tomas Brenner runs the ferry. “We sail when the wind allows,” Brenner is quoted as saying."
    )
    quote = _the_direct_quote(article)
    assert quote.speaker == "Tomas Brenner"


def test_a_new_sentence_opening_with_and_is_not_part_of_the_speaker() -> None:
    article = article_from_text(
        "Ruth Okafor spoke first. “We will reopen the school.” And she added that the roof holds."
    )
    assert all(not quote.speaker.startswith("And") for quote in extract_quotes(article))


def test_lower_case_words_describing_a_name_after_the_quote_keep_the_name() -> None:
    article = article_from_text(
        "“The tide tables were wrong all week,” former harbour pilot Ines Calder said."
    )
    quote = _the_direct_quote(article)
    assert quote.speaker == "Ines Calder"


def test_a_place_tied_on_by_a_preposition_is_not_a_described_name() -> None:
    article = article_from_text("“We have waited three years for this road,” voters in Leon said.")
    assert all(quote.speaker != "Leon" for quote in extract_quotes(article))


def test_a_relative_clause_after_an_inverted_verb_ends_the_speaker_phrase() -> None:
    article = article_from_text(
        "“Nobody from the council came to see the damage,” said a local organiser who asked "
        "not to be named."
    )
    quote = _the_direct_quote(article)
    assert quote.mention == "a local organiser"


def test_a_speech_verb_opening_the_sentence_names_the_speaker_after_it() -> None:
    article = article_from_text(
        "Said Rosa Lind, who has fished here for decades, “The river has never been this low.”"
    )
    quote = _the_direct_quote(article)
    assert quote.speaker == "Rosa Lind"
