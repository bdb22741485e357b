//! Listado 4-3: un future que nadie espera. Con los avisos tratados como errores, este listado no compila a propósito.

#![deny(warnings)] // lo mismo que `-D warnings` en la integración continua

async fn save(report: &str) {
    println!("Guardado: {report}");
}

#[tokio::main]
async fn main() {
    save("informe"); // falta `.await`: no se guarda nada
}
