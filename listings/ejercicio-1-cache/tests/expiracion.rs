//! La expiración de una entrada, con el reloj manual: exacta y sin dormir.

use std::process::Command;
use std::time::Duration;

use ejercicio_1_cache::{Clock, Entry, ManualClock, SystemClock, Ttl, TtlError};

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

#[test]
fn un_ttl_de_cero_es_un_error_claro() {
    assert_eq!(Ttl::new(Duration::ZERO), Err(TtlError::Zero));
    assert_eq!(TtlError::Zero.to_string(), "el TTL debe ser mayor que cero");
    assert_eq!(
        Ttl::new(Duration::from_nanos(1)).unwrap().duration(),
        Duration::from_nanos(1)
    );
}

#[test]
fn caduca_justo_al_cumplirse_el_ttl() {
    let clock = ManualClock::new();
    let entry = Entry::new(7, Ttl::new(secs(30)).unwrap(), clock.now());
    clock.advance(secs(30) - Duration::from_nanos(1));
    assert!(!entry.is_expired(clock.now()));
    assert_eq!(entry.remaining(clock.now()), Some(Duration::from_nanos(1)));
    clock.advance(Duration::from_nanos(1));
    assert!(entry.is_expired(clock.now()));
    assert_eq!(entry.remaining(clock.now()), None);
    assert_eq!(entry.into_value(), 7);
}

#[test]
fn un_ttl_enorme_no_desborda_ni_caduca() {
    let clock = ManualClock::new();
    let entry = Entry::new("x", Ttl::new(Duration::MAX).unwrap(), clock.now());
    clock.advance(Duration::MAX);
    assert!(!entry.is_expired(clock.now()));
    assert_eq!(entry.remaining(clock.now()), Some(Duration::MAX));
}

#[test]
fn los_clones_del_reloj_manual_comparten_el_tiempo() {
    let clock = ManualClock::new();
    let copy = clock.clone();
    let before = copy.now();
    clock.advance(secs(5));
    assert_eq!(copy.now() - before, secs(5));
    assert_eq!(copy.elapsed(), secs(5));
}

#[test]
fn el_reloj_se_comparte_entre_hilos() {
    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<ManualClock>();
    shareable::<SystemClock>();
    shareable::<Box<dyn Clock>>();
    let clock = ManualClock::new();
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                (0..1000).for_each(|_| clock.advance(Duration::from_nanos(1)))
            });
        }
    });
    assert_eq!(clock.elapsed(), Duration::from_nanos(4000));
}

#[test]
fn el_reloj_del_sistema_avanza_con_el_tiempo_real() {
    let first = SystemClock.now();
    std::thread::sleep(Duration::from_millis(5));
    assert!(SystemClock.now() - first >= Duration::from_millis(5));
}

#[test]
fn el_binario_muestra_la_expiracion_sin_entrada() {
    let output = Command::new(env!("CARGO_BIN_EXE_ejercicio-1-cache"))
        .output()
        .expect("el binario se ejecuta");
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("a los 29 s: viva, le quedan 1 s"),
        "{stdout}"
    );
    assert!(stdout.contains("a los 30 s: caducada"), "{stdout}");
}
