from platform_core.registry import config_dicts


def test_config_dicts_yields_each_dict_before_the_dicts_inside_it_and_walks_what_the_caller_adds():
    tree = dict(a=dict(type='A', b=[dict(type='B'), 3]), c=(dict(type='C'), ), d='x')
    seen = []
    for node in config_dicts(tree):
        seen.append(node.get('type', 'root'))
        if node.get('type') == 'C':
            node['added'] = dict(type='D')
    assert seen == ['root', 'A', 'B', 'C', 'D']
    assert list(config_dicts(None)) == [] and list(config_dicts([1, 'y'])) == []
