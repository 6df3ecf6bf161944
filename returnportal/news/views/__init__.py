"""The news app's views: the public list and articles, and the editors' preview."""

from returnportal.news.views.public import (
    ArticleDetailView,
    ArticleListView,
)
from returnportal.news.views.staff import ArticlePreviewView

__all__ = [
    "ArticleDetailView",
    "ArticleListView",
    "ArticlePreviewView",
]
