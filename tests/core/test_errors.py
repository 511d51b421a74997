from libnet.catalog.errors import CatalogRefused
from libnet.core.errors import LibnetError, NotFound
from libnet.network.errors import NetworkRefused


def test_a_refusal_renders_its_message_with_named_parameters():
    error = NetworkRefused("duplicate_code", code="SL-TVT")
    assert error.code == "duplicate_code"
    assert "SL-TVT" in error.message
    assert error.as_dict()["code"] == "duplicate_code"


def test_not_found_is_a_404():
    assert NotFound("item_not_found").status == 404


def test_every_error_class_has_a_message_for_each_code():
    for error_class in (NotFound, NetworkRefused, CatalogRefused):
        for code, message in error_class.messages.items():
            assert str(message), f"{error_class.__name__}.{code} has no message"
    assert issubclass(CatalogRefused, LibnetError)
