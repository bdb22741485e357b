//! Listado 4-3: un future que nadie espera. Con su aviso tratado como error, este listado no compila a propósito.

#![deny(unused_must_use)] // este aviso como error, como haría `-D warnings`

async fn save(report: &str) {
    println!("Guardado: {report}");
}

#[tokio::main]
async fn main() {
    save("informe"); // falta `.await`: no se guarda nada
}
