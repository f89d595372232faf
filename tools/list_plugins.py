"""List installed clseg plugins: name, kind, version, hooks, registered types, active or not, errors.

    python tools/list_plugins.py [--config CONFIG]   (active = listed in the config's `plugins`)
"""
import argparse
import sys

from prettytable import PrettyTable

from platform_core.config import load_config
from platform_core.errors import ClsegError
from platform_core.plugin_manager import build_plugin_manager, installed_plugins


def describe(name: str) -> dict:
    """One row: what the plugin is, or the error that stops it from loading."""
    ep = installed_plugins()[name]
    row = dict(name=name, version=ep.dist.version if ep.dist is not None else '?', module=ep.value)
    try:
        pm = build_plugin_manager([name])
    except ClsegError as exc:
        return dict(row, kind='?', hooks='', types='', error=str(exc))
    info = pm.info()[name]
    hooks = sorted(caller.name for caller in pm.get_hookcallers(pm.get_plugin(name)))
    return dict(row, kind=info.kind, hooks=', '.join(h.removeprefix('clseg_') for h in hooks),
                types=', '.join(info.types), error='')


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--config', help='mark the plugins this config activates')
    args = parser.parse_args(argv)
    active = set(load_config(args.config).get('plugins', [])) if args.config else set()
    table = PrettyTable(['name', 'kind', 'version', 'active', 'hooks', 'types', 'import error'])
    table.align = 'l'
    for name in sorted(installed_plugins()):
        row = describe(name)
        table.add_row([row['name'], row['kind'], row['version'], 'yes' if name in active else 'no',
                       row['hooks'], row['types'], row['error']])
    print(table)
    return 0


if __name__ == '__main__':
    sys.exit(main())
