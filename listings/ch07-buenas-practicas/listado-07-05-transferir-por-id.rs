//! Listado 7-5: transferencias entre cuentas que toman los cerrojos por orden de id.
//!
//! Ejecuta: `cargo run --bin listado-07-05-transferir-por-id`
//! En tu proyecto: sin dependencias (solo `std`).

// ANCHOR: listado
use std::sync::Mutex;
use std::thread;

pub struct Account {
    pub id: u32,
    pub balance: Mutex<i64>,
}

#[derive(Debug, PartialEq)]
pub enum TransferError {
    SameAccount,
    InsufficientFunds { balance: i64, amount: i64 },
}

/// Mueve `amount` de `from` a `to`. `between` corre con el primer cerrojo tomado
/// (en `main`, nada; los tests fuerzan ahí el entrelazado peligroso).
pub fn transfer_with(
    from: &Account,
    to: &Account,
    amount: i64,
    between: impl Fn(),
) -> Result<(), TransferError> {
    if from.id == to.id {
        return Err(TransferError::SameAccount); // el mismo Mutex dos veces: bloqueo
    }
    // Primero siempre el id menor: dos transferencias opuestas piden en el mismo orden.
    let (mut from_balance, mut to_balance);
    if from.id < to.id {
        from_balance = from.balance.lock().unwrap();
        between();
        to_balance = to.balance.lock().unwrap();
    } else {
        to_balance = to.balance.lock().unwrap();
        between();
        from_balance = from.balance.lock().unwrap();
    }
    if *from_balance < amount {
        let balance = *from_balance;
        return Err(TransferError::InsufficientFunds { balance, amount });
    }
    *from_balance -= amount;
    *to_balance += amount;
    Ok(())
}

pub fn transfer(
    from: &Account,
    to: &Account,
    amount: i64,
) -> Result<(), TransferError> {
    transfer_with(from, to, amount, || {})
}

fn main() {
    let a = Account {
        id: 1,
        balance: Mutex::new(1000),
    };
    let b = Account {
        id: 2,
        balance: Mutex::new(1000),
    };
    thread::scope(|s| {
        s.spawn(|| (0..1000).for_each(|_| transfer(&a, &b, 1).unwrap()));
        s.spawn(|| (0..1000).for_each(|_| transfer(&b, &a, 1).unwrap()));
    });
    let (balance_a, balance_b) =
        (*a.balance.lock().unwrap(), *b.balance.lock().unwrap());
    println!(
        "2000 transferencias en sentidos opuestos: a = {balance_a}, b = {balance_b}"
    );
    println!("a → a: {:?}", transfer(&a, &a, 1));
    println!("a → b de 5000: {:?}", transfer(&a, &b, 5000));
}
// ANCHOR_END: listado
