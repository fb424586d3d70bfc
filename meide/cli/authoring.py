"""`meide workflows` lists the declared workflows; `meide notebook` opens the authoring notebooks."""

import argparse
import os
import sys
from pathlib import Path

from .. import runtime
from ..errors import MeideError
from ..kernel import catalog

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
NOTEBOOK_PORT = 8888


def _workflows(args, folder: Path):
    """What a (re)started `meide serve` offers: every workflow module that declares itself."""
    for cls in catalog.all_workflows():
        declaration = cls.declaration()
        print(f"{cls.slug}\t{cls.title}\t{len(declaration.states)} 个状态，"
              f"{len(declaration.transitions)} 个流转\t{cls.__module__}")


def _notebook(args, folder: Path):
    try:
        import jupyterlab  # noqa: F401  (only to say plainly what is missing)
    except ImportError:
        raise MeideError("未安装 JupyterLab：请运行 ./manage.sh notebook（会先安装），"
                         "或 pip install -e '.[notebook]'") from None
    # The notebooks copy this folder with `meide backup` (they never write to it).
    os.environ[runtime.DATA_ENV] = str(folder.resolve())
    extra = args.jupyter[1:] if args.jupyter[:1] == ["--"] else args.jupyter
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.ip={args.address}",
               f"--ServerApp.port={args.port}", f"--ServerApp.root_dir={NOTEBOOKS}",
               *(["--ServerApp.open_browser=False"] if args.no_browser else []),
               *([f"--IdentityProvider.token={args.token}"] if args.token else []),
               # JupyterLab refuses root unless told; setup and CI run as root on Debian.
               *(["--ServerApp.allow_root=True"] if os.geteuid() == 0 else []), *extra]
    print(f"打开 {NOTEBOOKS} 中的笔记本（数据：{folder}）", flush=True)
    os.execvp(sys.executable, command)


def add_parsers(commands, common):
    listing = commands.add_parser("workflows", parents=[common],
                                  help="列出已声明的流程（重新启动 serve 后控制台里就有这些）")
    listing.set_defaults(run=_workflows)
    notebook = commands.add_parser("notebook", parents=[common],
                                   help="用 JupyterLab 打开 notebooks/ 中的流程编写笔记本")
    notebook.add_argument("--port", type=int, default=NOTEBOOK_PORT)
    notebook.add_argument("--address", default="127.0.0.1",
                          help="只在本机监听（默认 127.0.0.1）")
    notebook.add_argument("--no-browser", action="store_true", help="不自动打开浏览器")
    notebook.add_argument("--token", default="",
                          help="访问令牌（默认由 JupyterLab 生成并打印在链接里）")
    notebook.add_argument("jupyter", nargs=argparse.REMAINDER,
                          help="-- 之后的参数原样交给 jupyter lab")
    notebook.set_defaults(run=_notebook)
