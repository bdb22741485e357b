"""El cálculo del apéndice B en CPython: sumar 0..n repartido entre k hilos
(threading) o k procesos (multiprocessing), para k = 1, 2, 4 y 8.

Como en Rust: rondas de calentamiento que se descartan, el orden de las variantes
rota de una ronda a otra, y de cada variante se da el mínimo, la mediana y el máximo
en milisegundos. Escribe una línea JSON por variante. Lo ejecuta
`cargo run --release -p mediciones`; también funciona solo:

    python3 tools/mediciones/escalado.py
"""

import json
import multiprocessing
import statistics
import sys
import threading
import time

N = 10_000_000
KS = [1, 2, 4, 8]
WARMUP = 1
ROUNDS = 5


def suma(a, b):
    total = 0
    for i in range(a, b):
        total += i
    return total


def con_hilos(k):
    partes = [0] * k

    def trabajo(i):
        partes[i] = suma(N * i // k, N * (i + 1) // k)

    hilos = [threading.Thread(target=trabajo, args=(i,)) for i in range(k)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    return sum(partes)


def con_procesos(k, pool):
    tramos = [(N * i // k, N * (i + 1) // k) for i in range(k)]
    return sum(pool[k].starmap(suma, tramos))


def main():
    # Los pools se crean antes de medir: arrancar procesos no es parte del cálculo.
    pools = {k: multiprocessing.Pool(k) for k in KS}
    variantes = [("CPython hilos", k) for k in KS] + [("CPython procesos", k) for k in KS]
    muestras = {v: [] for v in variantes}
    try:
        for ronda in range(WARMUP + ROUNDS):
            for i in range(len(variantes)):
                v = variantes[(i + ronda) % len(variantes)]
                modelo, k = v
                inicio = time.perf_counter()
                total = con_hilos(k) if modelo == "CPython hilos" else con_procesos(k, pools)
                ms = (time.perf_counter() - inicio) * 1e3
                if total != N * (N - 1) // 2:
                    sys.exit(f"suma incorrecta: {modelo}, k = {k}")
                if ronda >= WARMUP:
                    muestras[v].append(ms)
    finally:
        for pool in pools.values():
            pool.close()
            pool.join()
    for (modelo, k), ms in muestras.items():
        fila = {
            "modelo": modelo,
            "k": k,
            "ms": {"min": min(ms), "mediana": statistics.median(ms), "max": max(ms)},
        }
        print(json.dumps(fila, ensure_ascii=False))


if __name__ == "__main__":
    main()
