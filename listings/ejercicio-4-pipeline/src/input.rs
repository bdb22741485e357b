//! Una entrada que se lee en un hilo aparte, para que cancelar no tenga que esperar a
//! una llamada a `read` bloqueada. La usa [`Pipeline::run_detached`].
//!
//! La cancelación del pipeline es cooperativa: cada etapa mira la señal entre dos
//! esperas. Pero una llamada a `read` sobre una tubería o la entrada estándar de la
//! que nadie escribe no vuelve nunca, y no mira ninguna señal; el hilo de lectura se
//! quedaría ahí y `thread::scope`, que lo espera, también. `DetachedInput` hace esa
//! llamada en un hilo suyo, que nadie espera, y entrega lo leído por un canal: quien
//! lee de ella espera en el canal y en la señal de parada a la vez, con `Stop::recv`,
//! y al cancelar deja de esperar en el acto. El hilo bloqueado se abandona: termina
//! cuando su `read` vuelva, o con el proceso.
//!
//! [`Pipeline::run_detached`]: crate::Pipeline::run_detached

use std::io::{self, Read};
use std::thread;

use crossbeam::channel::{self, Receiver};
use tokio_util::sync::CancellationToken;

use crate::stop::{Stop, Watch};

/// Lo que el hilo lee de una vez.
const CHUNK: usize = 64 * 1024;

/// El error de leer de una [`DetachedInput`] después de cancelar.
const ABANDONED: &str = "entrada abandonada: la ejecución se canceló";

/// Una entrada que se abre y se lee en un hilo propio, y que se puede abandonar: una
/// vez cancelado el token, `read` devuelve un error en el acto, aunque el hilo siga
/// bloqueado en la fuente. Nunca cancela el token: solo lo mira.
pub(crate) struct DetachedInput {
    chunks: Receiver<io::Result<Vec<u8>>>,
    chunk: Vec<u8>,
    at: usize,
    stop: Stop,
    _watch: Watch,
}

impl DetachedInput {
    /// Arranca el hilo, que abre la fuente con `open` y la lee por bloques de 64 KiB
    /// (con dos bloques de ventaja como mucho). Espera a que `open` termine o a que
    /// se cancele: `Ok(None)` si se canceló antes (abrir una tubería sin nadie que
    /// escriba también se bloquea).
    pub(crate) fn open<R, F>(
        open: F,
        cancel: &CancellationToken,
    ) -> io::Result<Option<Self>>
    where
        R: Read,
        F: FnOnce() -> io::Result<R> + Send + 'static,
    {
        let (opened_tx, opened) = channel::bounded(1);
        let (chunks_tx, chunks) = channel::bounded(2);
        thread::Builder::new()
            .name("pipeline-entrada".to_owned())
            .spawn(move || {
                let mut source = match open() {
                    Ok(source) => source,
                    Err(e) => return drop(opened_tx.send(Err(e))),
                };
                if opened_tx.send(Ok(())).is_err() {
                    return; // Nadie espera ya: se canceló mientras abría.
                }
                loop {
                    let mut chunk = vec![0; CHUNK];
                    let sent = match source.read(&mut chunk) {
                        Ok(0) => return, // Fin: soltar el `Sender` lo avisa.
                        Ok(n) => {
                            chunk.truncate(n);
                            chunks_tx.send(Ok(chunk))
                        }
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                        Err(e) => return drop(chunks_tx.send(Err(e))),
                    };
                    if sent.is_err() {
                        return; // La entrada se soltó: nadie leerá más.
                    }
                }
            })?;
        let (stop, watch) = Stop::new(cancel.clone());
        match stop.recv(&opened) {
            Ok(Some(Ok(()))) => Ok(Some(DetachedInput {
                chunks,
                chunk: Vec::new(),
                at: 0,
                stop,
                _watch: watch,
            })),
            Ok(Some(Err(e))) => Err(e),
            Ok(None) => {
                Err(io::Error::other("el hilo de la entrada terminó al abrir"))
            }
            Err(_) => Ok(None),
        }
    }
}

// ANCHOR: desatada
impl Read for DetachedInput {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.chunk.len() {
            match self.stop.recv(&self.chunks) {
                Ok(Some(Ok(chunk))) => (self.chunk, self.at) = (chunk, 0),
                Ok(Some(Err(e))) => return Err(e),
                Ok(None) => return Ok(0),
                Err(_) => return Err(io::Error::other(ABANDONED)),
            }
        }
        let n = buf.len().min(self.chunk.len() - self.at);
        buf[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}
// ANCHOR_END: desatada
