//! Ejercicio 2: un servidor de chat con salas.
//!
//! Muchos clientes a la vez, cada uno en una sala, y lo que uno escribe lo reciben
//! todos los de su sala. El protocolo son líneas de texto, así que basta `nc` para
//! hablar con él. Está hecho para aguantar clientes hostiles: líneas enormes, bytes que
//! no son UTF-8, clientes que no leen, desconexiones a medias y avalanchas de
//! conexiones reciben un error claro, y ninguno de ellos retrasa a los demás.
//!
//! # Módulos
//!
//! - [`protocol`]: las órdenes ([`Command`]), los nombres válidos ([`Name`]) y los
//!   códigos de error ([`ErrorCode`]).
//! - [`hub`]: el estado compartido ([`Hub`]): los nicks y las salas, detrás de un
//!   cerrojo que solo tocan métodos síncronos.
//! - [`session`]: un cliente ([`Session`]): qué responde a cada orden y qué libera al
//!   irse.
//! - [`connection`]: la tarea de una conexión y la política con los clientes lentos.
//! - [`server`]: el bucle que acepta conexiones ([`run`], [`ServerConfig`]), el límite
//!   de conexiones, el log periódico y el apagado.
//! - [`client`]: un cliente con plazos en cada lectura ([`Client`]), para la
//!   demostración, los tests y la carga.
//! - [`load`]: el generador de carga que mide mensajes entregados por segundo y la
//!   latencia de entrega.
//! - [`demo`]: la conversación con guion que muestra el binario sin argumentos.

pub mod client;
pub mod connection;
pub mod demo;
pub mod hub;
pub mod load;
pub mod protocol;
pub mod server;
pub mod session;

pub use client::Client;
pub use hub::Hub;
pub use protocol::{Command, ErrorCode, Name};
pub use server::{RunningServer, ServerConfig, run};
pub use session::Session;
