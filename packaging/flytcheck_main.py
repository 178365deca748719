"""The standalone program's entry point (PyInstaller, `make exe`): the same `main` as the `flytcheck` command.

`freeze_support()` comes first: a CSV load worker is the program itself started again (spawn), and there it runs
its share of the load and exits instead of starting another scan.
"""

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from flytcheck.cli import main

    main()
