//! El orden de los lotes. Los filtros toman los lotes de una cola común y los
//! devuelven cuando acaban, en cualquier orden; el análisis los numera al ponerlos en
//! la cola, y la agregación los pone en orden con ese número: un lote que llega antes de
//! tiempo espera aquí a los anteriores. La ventana (cuántos lotes puede haber entre
//! el análisis y la agregación) acota cuántos pueden esperar.

use std::collections::BTreeMap;

// ANCHOR: orden
/// Los lotes que han llegado antes que alguno anterior, por su número.
#[derive(Debug)]
pub(crate) struct InOrder<T> {
    next: u64,
    early: BTreeMap<u64, T>,
}

impl<T> InOrder<T> {
    pub(crate) fn new() -> InOrder<T> {
        InOrder {
            next: 0,
            early: BTreeMap::new(),
        }
    }

    /// Guarda el lote número `seq` hasta que le toque.
    pub(crate) fn insert(&mut self, seq: u64, item: T) {
        debug_assert!(seq >= self.next, "el lote {seq} ya salió");
        self.early.insert(seq, item);
    }

    /// El lote siguiente en el orden del análisis, si ya llegó.
    pub(crate) fn pop(&mut self) -> Option<T> {
        let item = self.early.remove(&self.next)?;
        self.next += 1;
        Some(item)
    }

    /// Cuántos esperan a uno anterior que no ha llegado.
    #[cfg(test)]
    fn waiting(&self) -> usize {
        self.early.len()
    }
}
// ANCHOR_END: orden

#[cfg(test)]
mod tests {
    use super::InOrder;

    #[test]
    fn salen_en_el_orden_de_su_numero_lleguen_como_lleguen() {
        let mut order = InOrder::new();
        let mut out = Vec::new();
        for seq in [2, 0, 3, 1, 5, 4] {
            order.insert(seq, seq);
            while let Some(item) = order.pop() {
                out.push(item);
            }
        }
        assert_eq!(out, [0, 1, 2, 3, 4, 5]);
        assert_eq!(order.waiting(), 0);
    }

    #[test]
    fn uno_que_llega_antes_de_tiempo_espera() {
        let mut order = InOrder::new();
        order.insert(1, "b");
        assert_eq!(order.pop(), None);
        assert_eq!(order.waiting(), 1);
        order.insert(0, "a");
        assert_eq!((order.pop(), order.pop()), (Some("a"), Some("b")));
    }
}
