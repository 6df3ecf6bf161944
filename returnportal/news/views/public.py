"""The news list and an article, as visitors see them."""

from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404
from django.utils.functional import cached_property
from django.views.generic import DetailView, TemplateView

from returnportal.news.models import Article
from returnportal.news.services import news_cache_version


class ArticleListView(TemplateView):
    """Published articles in the visitor's language, newest first, ten a page.

    The list is a cached fragment keyed by the news version (bumped by every save in admin) and
    kept five minutes, which is also how late a scheduled article may appear. The page of
    articles is a lazy property (`view.page_obj`), so a warm cache answers with no query.
    """

    paginate_by = 10
    template_name = "news/article_list.html"

    def get(self, request, *args, **kwargs):
        if self.page_number < 1:
            raise Http404("No such page.")
        return super().get(request, *args, **kwargs)

    @cached_property
    def page_number(self) -> int:
        """The requested page, 1 by default; 0 for something that is not a page number."""
        number = self.request.GET.get("page", "1")
        return int(number) if number.isdigit() and len(number) < 6 else 0

    @cached_property
    def page_obj(self) -> Page:
        articles = Article.objects.published().for_language().newest_first()
        paginator = Paginator(articles, self.paginate_by, allow_empty_first_page=True)
        try:
            return paginator.page(self.page_number)
        except InvalidPage as exc:  # raised while the fragment renders: still a 404
            raise Http404("No such page.") from exc

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(news_version=news_cache_version(), **kwargs)


class ArticleDetailView(DetailView):
    """One published article, whatever its language (links from the other language still work)."""

    template_name = "news/article_detail.html"

    def get_queryset(self):
        return Article.objects.published()
