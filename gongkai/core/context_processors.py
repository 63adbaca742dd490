from django.utils.functional import SimpleLazyObject

from gongkai.core import access


def staff_nav(request):
    """Which staff navigation entries the user may use; evaluated only when a page asks."""

    def entries():
        user = request.user
        if not user.is_authenticated:
            return {}
        return {"audit": access.can_read_audit_log(user)}

    return {"staff_nav": SimpleLazyObject(entries)}
