"""Citations in answers: DOIs, PMIDs and guideline links; the feed store describes them."""

from __future__ import annotations

from bot.domain.articles import ArticleRef
from bot.services.qa.evidence import extract_citations
from tests.conftest import BotConsole
from tests.qa.helpers import SETUP


def test_dois_pmids_and_guidelines_are_found_once_each() -> None:
    text = (
        "ARISTOTLE (doi:10.1056/NEJMoa1107039), also https://doi.org/10.1056/nejmoa1107039. "
        "PMID: 21870978 and https://pubmed.ncbi.nlm.nih.gov/21870978/; see "
        "https://www.nice.org.uk/guidance/ng196 and "
        "https://www.ahajournals.org/guidelines/af (2023), not https://example.com/blog."
    )
    assert extract_citations(text) == [
        {
            "kind": "doi",
            "id": "10.1056/nejmoa1107039",
            "url": "https://doi.org/10.1056/nejmoa1107039",
        },
        {"kind": "pmid", "id": "21870978", "url": "https://pubmed.ncbi.nlm.nih.gov/21870978/"},
        {
            "kind": "guideline",
            "id": "https://www.nice.org.uk/guidance/ng196",
            "url": "https://www.nice.org.uk/guidance/ng196",
        },
        {
            "kind": "guideline",
            "id": "https://www.ahajournals.org/guidelines/af",
            "url": "https://www.ahajournals.org/guidelines/af",
        },
    ]


def test_an_answer_without_sources_has_none() -> None:
    assert extract_citations("In my experience 2.5 mg twice daily is fine (10/10 cases).") == []


class Articles:
    """The feed store, as the feeds capability registers it."""

    async def find(
        self, tenant_id: int, *, doi: str | None = None, pmid: str | None = None
    ) -> ArticleRef | None:
        if doi == "10.1056/nejmoa1107039":
            return ArticleRef(
                "Apixaban versus Warfarin in Patients with Atrial Fibrillation",
                "https://www.nejm.org/doi/full/10.1056/NEJMoa1107039",
                doi=doi,
                journal="N Engl J Med",
                year=2011,
            )
        return None


async def test_known_articles_show_title_journal_and_year(sqlite_bot: BotConsole) -> None:
    assert sqlite_bot.core is not None
    sqlite_bot.core.services["articles"] = Articles()
    await sqlite_bot.play(
        SETUP,
        "@alice #cardiology: /ask Apixaban or warfarin in AF?",
        "@bob #cardiology >9: Apixaban: doi:10.1056/NEJMoa1107039 and PMID 99999999.",
    )
    shown = (await sqlite_bot.play("@alice #cardiology: /qa show Q1"))[0]["text"]
    assert (
        "• Apixaban versus Warfarin in Patients with Atrial Fibrillation "
        "<https://www.nejm.org/doi/full/10.1056/NEJMoa1107039> — N Engl J Med 2011 · "
        "doi:10.1056/nejmoa1107039"
    ) in shown
    assert "• PMID 99999999 <https://pubmed.ncbi.nlm.nih.gov/99999999/>" in shown
