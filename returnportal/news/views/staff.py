"""An article's preview for those who edit news, drafts included."""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.views.generic import DetailView

from returnportal.news.models import Article


class ArticlePreviewView(LoginRequiredMixin, PermissionRequiredMixin, DetailView):
    """An article as visitors will see it, drafts included, for those who edit news."""

    permission_required = "news.view_article"
    template_name = "news/article_detail.html"
    queryset = Article.objects.all()

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response
