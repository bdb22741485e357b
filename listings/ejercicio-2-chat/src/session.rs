//! Un cliente conectado: su nick, su sala y qué responde a cada orden.
//!
//! Una [`Session`] no sabe nada de sockets: recibe un [`Command`] y devuelve las
//! líneas de respuesta. Al soltarse (el cliente se fue, bien o de golpe, o la tarea
//! se canceló) libera su nick y su sala en su `Drop`: ningún camino de salida lo
//! olvida.

use std::sync::Arc;

use tokio::sync::broadcast;

use crate::hub::{Event, Hub, Membership};
use crate::protocol::{Command, ErrorCode, Name, message_line};

/// Qué hacer tras una orden.
#[derive(Debug, PartialEq, Eq)]
pub struct Reply {
    /// Las líneas para este cliente, en orden.
    pub lines: Vec<String>,
    /// El cliente pidió `/quit`.
    pub quit: bool,
}

impl Reply {
    fn none() -> Reply {
        Reply {
            lines: Vec::new(),
            quit: false,
        }
    }

    fn one(line: impl Into<String>) -> Reply {
        Reply {
            lines: vec![line.into()],
            quit: false,
        }
    }
}

// ANCHOR: session
pub struct Session {
    hub: Arc<Hub>,
    nick: Option<Name>,
    membership: Option<Membership>,
}

impl Session {
    pub fn new(hub: Arc<Hub>) -> Session {
        Session {
            hub,
            nick: None,
            membership: None,
        }
    }

    pub fn handle(&mut self, command: Command) -> Reply {
        match command {
            Command::Empty => Reply::none(),
            Command::Quit => Reply {
                lines: vec!["OK quit".into()],
                quit: true,
            },
            Command::Rooms => {
                let rooms = self.hub.rooms().into_iter();
                let list: Vec<String> =
                    rooms.map(|(name, n)| format!(" {name}:{n}")).collect();
                Reply::one(format!("OK rooms{}", list.concat()))
            }
            Command::Nick(nick) => match &self.nick {
                Some(old) => Reply::one(
                    ErrorCode::NickSet.line(format_args!("ya eres {old}")),
                ),
                None if self.hub.claim_nick(&nick) => {
                    self.nick = Some(nick);
                    Reply::one("OK nick")
                }
                None => Reply::one(
                    ErrorCode::NickTaken.line(format_args!("{nick} ya está en uso")),
                ),
            },
            Command::Join(room) => {
                let Some(nick) = self.nick.clone() else {
                    return no_nick();
                };
                self.leave_room(&nick);
                self.membership = Some(self.hub.join(&nick, &room));
                Reply::one("OK join")
            }
            // ANCHOR_END: session
            Command::Leave => match self.in_room() {
                Ok((nick, _)) => {
                    let nick = nick.clone();
                    self.leave_room(&nick);
                    Reply::one("OK leave")
                }
                Err(reply) => reply,
            },
            Command::Who => match self.in_room() {
                Ok((_, membership)) => {
                    let who = self.hub.who(&membership.room).into_iter();
                    let names: Vec<String> = who.map(|n| format!(" {n}")).collect();
                    Reply::one(format!("OK who{}", names.concat()))
                }
                Err(reply) => reply,
            },
            Command::Message(text) => match self.in_room() {
                Ok((nick, membership)) => {
                    let line = message_line(&membership.room, nick, &text);
                    // Hay al menos un receptor, el propio: el envío no falla.
                    let _ = membership.sender.send(line.into());
                    Reply::none()
                }
                Err(reply) => reply,
            },
        }
    }

    /// El nick y la sala, o el error que corresponde si falta alguno.
    fn in_room(&self) -> Result<(&Name, &Membership), Reply> {
        match (&self.nick, &self.membership) {
            (None, _) => Err(no_nick()),
            (Some(_), None) => Err(Reply::one(
                ErrorCode::NoRoom.line("entra antes en una sala con /join"),
            )),
            (Some(nick), Some(membership)) => Ok((nick, membership)),
        }
    }

    fn leave_room(&mut self, nick: &Name) {
        if let Some(old) = self.membership.take() {
            self.hub.leave(nick, &old.room);
        }
    }

    /// El receptor de la sala actual, si está en una.
    pub fn receiver(&mut self) -> Option<&mut broadcast::Receiver<Event>> {
        self.membership.as_mut().map(|m| &mut m.receiver)
    }

    pub fn nick(&self) -> Option<&Name> {
        self.nick.as_ref()
    }

    pub fn hub(&self) -> &Hub {
        &self.hub
    }
}

fn no_nick() -> Reply {
    Reply::one(ErrorCode::NoNick.line("elige antes un nick con /nick <nombre>"))
}

// ANCHOR: drop
impl Drop for Session {
    fn drop(&mut self) {
        if let Some(nick) = self.nick.take() {
            let room = self.membership.take().map(|m| m.room);
            self.hub.release(&nick, room.as_ref());
        }
    }
}
// ANCHOR_END: drop
