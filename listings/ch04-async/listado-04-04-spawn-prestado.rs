//! Listado 4-4: `tokio::spawn` no acepta un future que toma prestada una variable local. Este listado no compila a propósito.

async fn shout(what: &str) -> String {
    what.to_uppercase()
}

#[tokio::main]
async fn main() {
    let world = String::from("world");
    let task = tokio::spawn(shout(&world));
    println!("{}", task.await.unwrap());
}
