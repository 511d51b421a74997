from libnet.network import access


def test_commune_clerk_sees_only_the_commune_library(minh, province):
    assert access.visible_library_ids(minh.user) == {province["commune"].pk}


def test_provincial_cataloguer_with_subtree_sees_the_commune_and_its_bookcase(lan, province):
    visible = access.visible_library_ids(lan.user, "catalog")
    assert {province["provincial"].pk, province["commune"].pk, province["bookcase"].pk} == visible


def test_school_librarian_does_not_see_the_commune(an, province):
    assert province["commune"].pk not in access.visible_library_ids(an.user)
