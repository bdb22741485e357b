//! Listado 7-4: un deadlock de verdad, en un proceso hijo que el padre mata cuando vence su plazo.
//!
//! El padre se ejecuta a sí mismo con el argumento `hijo`; el hijo toma dos cerrojos
//! en orden opuesto en dos hilos y no termina nunca.
//!
//! Ejecuta: `cargo run --bin listado-07-04-interbloqueo-en-hijo`
//! En tu proyecto: sin dependencias (solo `std`).

// ANCHOR: listado
use std::error::Error;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Barrier, Mutex, mpsc};
use std::time::{Duration, Instant};
use std::{env, thread};

/// El `DeadlockRisk` del original. La barrera garantiza que cada hilo tiene ya su
/// primer cerrojo cuando pide el segundo: se bloquean los dos, siempre.
fn deadlock_risk() {
    let (lock_a, lock_b) = (Mutex::new(()), Mutex::new(()));
    let both_hold_one = Barrier::new(2);
    thread::scope(|s| {
        s.spawn(|| {
            let _a = lock_a.lock().unwrap();
            println!("Método A adquirió lock_a");
            both_hold_one.wait();
            let _b = lock_b.lock().unwrap();
            println!("Método A adquirió lock_b");
        });
        s.spawn(|| {
            let _b = lock_b.lock().unwrap();
            println!("Método B adquirió lock_b");
            both_hold_one.wait();
            let _a = lock_a.lock().unwrap();
            println!("Método B adquirió lock_a");
        });
    }); // el ámbito espera a los dos hilos: para siempre
}

fn main() -> Result<(), Box<dyn Error>> {
    if env::args().nth(1).as_deref() == Some("hijo") {
        deadlock_risk();
        return Ok(());
    }
    let deadline = Duration::from_millis(500);
    let mut child = Command::new(env::current_exe()?)
        .arg("hijo")
        .stdout(Stdio::piped())
        .spawn()?;
    let stdout = child.stdout.take().ok_or("el hijo no tiene stdout")?;
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    // El `join(timeout=2)` + `is_alive()` del original, para un proceso.
    let start = Instant::now();
    while child.try_wait()?.is_none() && start.elapsed() < deadline {
        thread::sleep(Duration::from_millis(10));
    }
    let verdict = match child.try_wait()? {
        Some(status) => format!("el hijo terminó solo ({status})"),
        None => {
            child.kill()?;
            format!(
                "posible deadlock: lo mato tras {deadline:?} ({})",
                child.wait()?
            )
        }
    };
    // Al morir el hijo se cierra su stdout y el hilo lector termina.
    let mut lines: Vec<String> = rx.iter().collect();
    lines.sort(); // los dos hilos del hijo escriben en cualquier orden
    for line in lines {
        println!("hijo: {line}");
    }
    println!("padre: {verdict}");
    Ok(())
}
// ANCHOR_END: listado
