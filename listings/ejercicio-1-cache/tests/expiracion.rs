//! La expiración de una entrada, con el reloj manual: exacta y sin dormir.

use std::time::Duration;

use ejercicio_1_cache::{
    CacheError, Clock, CoarseClock, Entry, ManualClock, SystemClock, Ttl,
};

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

#[test]
fn un_ttl_de_cero_es_un_error_claro() {
    let error = Ttl::new(Duration::ZERO).unwrap_err();
    assert!(matches!(error, CacheError::ZeroTtl));
    assert_eq!(error.to_string(), "el TTL debe ser mayor que cero");
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
fn el_reloj_grueso_sigue_al_real_sin_adelantarse() {
    let clock = CoarseClock::new(Duration::from_millis(1)).unwrap();
    let first = clock.now();
    std::thread::sleep(Duration::from_millis(50));
    let later = clock.now();
    assert!(later > first, "el hilo no lo puso en hora");
    // Nunca va por delante del reloj del sistema: solo por detrás.
    assert!(later <= SystemClock.now());
}

#[test]
fn un_reloj_grueso_sin_resolucion_es_un_error_claro() {
    let error = CoarseClock::new(Duration::ZERO).err().unwrap();
    assert!(matches!(error, CacheError::ZeroInterval));
}
