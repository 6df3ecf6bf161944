from returnportal.sitemaps import NamedPagesSitemap


class ContactPagesSitemap(NamedPagesSitemap):
    names = ("contacts:contact_form", "contacts:institution_list")


SITEMAPS = {"contacts": ContactPagesSitemap}
