"""The portal's roles: Django groups and the model permissions each one needs.

Groups are created by this app's data migration; every app grants its own model permissions
to them in a data migration of its own, through `grant_permissions`, so that a role never
holds more than the work of that role needs.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

CONTACT_POINT_STAFF = "Contact point staff"
CONTENT_EDITORS = "Content editors"


def is_contact_point_staff(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether the user may use the /staff/ workspace (the group, or a superuser)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=CONTACT_POINT_STAFF).exists()


def grant_permissions(apps, group_name: str, permissions: dict[str, list[str]]) -> None:
    """Give a group model permissions, as `{"app_label.model": ["view", "change"]}`.

    For data migrations: permissions are normally created after `migrate` ends, so they are
    created here first for the models the historical `apps` knows.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    for label, actions in permissions.items():
        app_label, model = label.split(".")
        codenames = [f"{action}_{model}" for action in actions]
        found = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        missing = set(codenames) - set(found.values_list("codename", flat=True))
        if missing:
            raise LookupError(f"No such permissions for {label}: {sorted(missing)}")
        group.permissions.add(*found)
