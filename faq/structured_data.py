"""schema.org JSON-LD for articles, so search engines show steps and answers."""

from faq.markdown import html_to_text
from faq.selectors import ArticlePage


def article_json_ld(*, page: ArticlePage, url: str) -> dict:
    """A HowTo for procedures, a FAQPage for plain answers."""
    article = page.article
    common = {
        "@context": "https://schema.org",
        "dateModified": article.updated_at.isoformat(),
        # The language the article is shown in: the source's where it has no translation.
        "inLanguage": page.language.shown,
        "url": url,
    }
    if article.published_at:
        common["datePublished"] = article.published_at.isoformat()
    if page.steps:
        data = {
            "@type": "HowTo",
            "name": article.question,
            "description": html_to_text(article.answer_intro_html),
            "step": [
                {
                    "@type": "HowToStep",
                    "position": step.position,
                    "text": html_to_text(step.body_html),
                    "url": f"{url}#step-{step.position}",
                }
                for step in page.steps
            ],
        }
    else:
        answer = html_to_text(article.answer_intro_html + " " + article.answer_outro_html)
        data = {
            "@type": "FAQPage",
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": article.question,
                    "acceptedAnswer": {"@type": "Answer", "text": answer},
                }
            ],
        }
    return {**common, **data}
