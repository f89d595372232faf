"""ClassesToAttributes: image-level class labels -> attribute labels (backbone pretraining)."""
import pytest

from platform_core.data import ClassesToAttributes


def test_classes_to_attributes_uses_the_synthvoc_attribute_matrix():
    t = ClassesToAttributes()
    # class 1 = plain circle (shape 0, texture 0 -> ids 1, 6); class 7 = dotted square (shape 1, texture 2 -> 2, 8)
    assert t({'image_labels': [1]})['image_labels'] == [1, 6]
    assert t({'image_labels': [1, 7]})['image_labels'] == [1, 2, 6, 8]
    assert t({'image_labels': []})['image_labels'] == []
    with pytest.raises(ValueError, match='outside 1..20'):
        t({'image_labels': [21]})


def test_classes_to_attributes_takes_a_user_matrix():
    t = ClassesToAttributes([[0, 0], [1, 0], [1, 1]])
    assert t({'image_labels': [2]})['image_labels'] == [1, 2]
    with pytest.raises(ValueError, match='0/1 matrix'):
        ClassesToAttributes([0.5, 1])
