//! El protocolo: líneas de texto UTF-8, una orden o un mensaje por línea.
//!
//! Lo que el cliente envía se convierte en un [`Command`] con [`Command::parse`]; lo
//! que el servidor responde son líneas que empiezan por `OK`, `ERR`, `MSG`, `JOINED` o
//! `LEFT`, y los errores llevan un [`ErrorCode`]. Todo es texto para que se pueda
//! hablar con el servidor desde `nc`.

use std::fmt;

/// La longitud máxima de una línea en bytes, sin contar el fin de línea.
pub const MAX_LINE: usize = 1024;

// ANCHOR: name
/// Un nick o el nombre de una sala: de 1 a 32 caracteres `[A-Za-z0-9_-]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name(String);

impl Name {
    pub const MAX_LEN: usize = 32;

    /// `None` si `text` no es un nombre válido.
    pub fn parse(text: &str) -> Option<Name> {
        let valid = (1..=Self::MAX_LEN).contains(&text.len())
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        valid.then(|| Name(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
// ANCHOR_END: name

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

// ANCHOR: command
/// Una línea del cliente, ya interpretada.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Nick(Name),
    Join(Name),
    Leave,
    Rooms,
    Who,
    Quit,
    /// Cualquier línea que no empieza por `/`: un mensaje a la sala actual.
    Message(String),
    /// Una línea vacía: no es nada y no se responde.
    Empty,
}

impl Command {
    pub fn parse(line: &str) -> Result<Command, ProtocolError> {
        let Some(rest) = line.strip_prefix('/') else {
            return Ok(match line.trim().is_empty() {
                true => Command::Empty,
                false => Command::Message(line.to_owned()),
            });
        };
        let (verb, arg) = rest.split_once(' ').unwrap_or((rest, ""));
        let name = || Name::parse(arg.trim()).ok_or(ProtocolError::BadName);
        let no_arg = |command| match arg.trim().is_empty() {
            true => Ok(command),
            false => Err(ProtocolError::UnexpectedArgument),
        };
        match verb {
            "nick" => Ok(Command::Nick(name()?)),
            "join" => Ok(Command::Join(name()?)),
            "leave" => no_arg(Command::Leave),
            "rooms" => no_arg(Command::Rooms),
            "who" => no_arg(Command::Who),
            "quit" => no_arg(Command::Quit),
            _ => Err(ProtocolError::UnknownCommand),
        }
    }
}
// ANCHOR_END: command

// ANCHOR: codes
/// Cada error que el servidor puede responder: `ERR <CODE> <texto>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// Un mensaje o un `/join` antes de `/nick`.
    NoNick,
    /// Otro cliente conectado ya usa ese nick.
    NickTaken,
    /// El cliente ya eligió nick: no se cambia.
    NickSet,
    /// Un nombre que no es `[A-Za-z0-9_-]{1,32}`.
    BadName,
    /// Un mensaje, `/leave` o `/who` sin estar en una sala.
    NoRoom,
    /// Una orden que no existe, o con argumentos que no lleva.
    BadCommand,
    /// Una línea de más de [`MAX_LINE`] bytes: se responde y se desconecta.
    TooLong,
    /// Bytes que no son UTF-8: se responde y se desconecta.
    BadUtf8,
    /// El cliente leyó tan despacio que se le saltaron mensajes de la sala.
    Lagged,
    /// El cliente no eligió nick a tiempo: se responde y se desconecta.
    Timeout,
    /// El servidor tiene el máximo de conexiones.
    Full,
    /// El servidor se apaga.
    Shutdown,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NoNick => "NO_NICK",
            ErrorCode::NickTaken => "NICK_TAKEN",
            ErrorCode::NickSet => "NICK_SET",
            ErrorCode::BadName => "BAD_NAME",
            ErrorCode::NoRoom => "NO_ROOM",
            ErrorCode::BadCommand => "BAD_COMMAND",
            ErrorCode::TooLong => "TOO_LONG",
            ErrorCode::BadUtf8 => "BAD_UTF8",
            ErrorCode::Lagged => "LAGGED",
            ErrorCode::Timeout => "TIMEOUT",
            ErrorCode::Full => "FULL",
            ErrorCode::Shutdown => "SHUTDOWN",
        }
    }

    /// La línea completa que recibe el cliente.
    pub fn line(self, text: impl fmt::Display) -> String {
        format!("ERR {} {text}", self.as_str())
    }
}
// ANCHOR_END: codes

/// Por qué una línea no es una orden válida.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProtocolError {
    BadName,
    UnknownCommand,
    UnexpectedArgument,
}

impl ProtocolError {
    /// La respuesta al cliente.
    pub fn line(self) -> String {
        match self {
            ProtocolError::BadName => ErrorCode::BadName.line(format_args!(
                "un nombre tiene de 1 a {} caracteres [A-Za-z0-9_-]",
                Name::MAX_LEN
            )),
            ProtocolError::UnknownCommand => ErrorCode::BadCommand
                .line("órdenes: /nick /join /leave /rooms /who /quit"),
            ProtocolError::UnexpectedArgument => {
                ErrorCode::BadCommand.line("esa orden no lleva argumentos")
            }
        }
    }
}

/// `MSG <sala> <nick> <texto>`: un mensaje tal como lo recibe la sala.
pub fn message_line(room: &Name, nick: &Name, text: &str) -> String {
    format!("MSG {room} {nick} {text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn los_nombres_validos_son_los_de_la_expresion() {
        for ok in ["a", "Ana_1", "sala-2", &"x".repeat(32)] {
            assert!(Name::parse(ok).is_some(), "{ok}");
        }
        for bad in ["", " ", "ana luis", "ñu", "a.b", &"x".repeat(33), "é"] {
            assert!(Name::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn las_ordenes_y_los_mensajes() {
        let name = |s| Name::parse(s).unwrap();
        assert_eq!(Command::parse("/nick ana"), Ok(Command::Nick(name("ana"))));
        assert_eq!(
            Command::parse("/join  rust "),
            Ok(Command::Join(name("rust")))
        );
        assert_eq!(Command::parse("/leave"), Ok(Command::Leave));
        assert_eq!(Command::parse("/who"), Ok(Command::Who));
        assert_eq!(Command::parse("/rooms"), Ok(Command::Rooms));
        assert_eq!(Command::parse("/quit"), Ok(Command::Quit));
        assert_eq!(
            Command::parse("hola, ¿qué tal?"),
            Ok(Command::Message("hola, ¿qué tal?".into()))
        );
        assert_eq!(Command::parse("   "), Ok(Command::Empty));
        assert_eq!(Command::parse("/nick"), Err(ProtocolError::BadName));
        assert_eq!(Command::parse("/nick a b"), Err(ProtocolError::BadName));
        assert_eq!(Command::parse("/nada"), Err(ProtocolError::UnknownCommand));
        assert_eq!(
            Command::parse("/quit ya"),
            Err(ProtocolError::UnexpectedArgument)
        );
    }
}
