"""El experimento del listado 1-4 en CPython, para comparar.

Mismo trabajo total (sumar 0..n) repartido entre k hilos; cada medida es la
mediana de 5 ejecuciones y el speedup es t(1)/t(k).

Ejecuta: python3 listings/ch01-modelos/listado-01-04-sin-gil.py [n]
"""

import os
import statistics
import sys
import sysconfig
import threading
import time

REPS = 5


def chunk_sum(start, end, out, i):
    total = 0
    for x in range(start, end):
        total += x
    out[i] = total


def run(n, k):
    out = [0] * k
    threads = [
        threading.Thread(target=chunk_sum, args=(n * i // k, n * (i + 1) // k, out, i))
        for i in range(k)
    ]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    assert sum(out) == n * (n - 1) // 2
    return elapsed


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    cores = len(os.sched_getaffinity(0))
    gil = "sin GIL" if sysconfig.get_config_var("Py_GIL_DISABLED") else "con GIL"
    print(f"CPython {sys.version.split()[0]} ({gil}); núcleos disponibles: {cores}; suma de 0..{n}")
    t1 = None
    k = 1
    while k <= 2 * cores:
        tk = statistics.median(run(n, k) for _ in range(REPS))
        t1 = t1 or tk
        print(f"hilos        k = {k:<2} mediana {tk * 1000:8.2f}ms  speedup {t1 / tk:.2f}x")
        k *= 2


if __name__ == "__main__":
    main()
