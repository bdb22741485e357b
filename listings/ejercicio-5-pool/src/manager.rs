//! Lo que el pool necesita saber de una conexión: cómo abrirla y cómo comprobarla.

// ANCHOR: manager
/// Abre y comprueba conexiones: la misma forma que `r2d2::ManageConnection`.
///
/// `connect` e `is_valid` pueden bloquear (hablan con la base de datos); el pool
/// nunca los llama con su cerrojo tomado, y `get_async` los lleva a
/// `spawn_blocking`. `has_broken` se llama al devolver cada conexión: tiene que
/// ser barato y no bloquear.
pub trait ManageConnection: Send + Sync + 'static {
    /// La conexión que el pool presta.
    type Connection: Send + 'static;
    /// El error de abrir o de comprobar una conexión.
    type Error: std::error::Error + Send + Sync + 'static;

    /// Abre una conexión nueva.
    fn connect(&self) -> Result<Self::Connection, Self::Error>;
    /// Comprueba de verdad que la conexión sirve (un `SELECT 1`, un `PING`).
    fn is_valid(&self, conn: &mut Self::Connection) -> Result<(), Self::Error>;
    /// Un vistazo barato: ¿se sabe ya que la conexión está rota?
    fn has_broken(&self, conn: &mut Self::Connection) -> bool;
}
// ANCHOR_END: manager
