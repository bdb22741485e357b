//! El coordinador: una sola tarea que es dueña del conjunto de URL vistas, de la cola
//! y del informe, y un `JoinSet` con las peticiones en vuelo, nunca más que
//! `max_concurrency`.
//!
//! El conjunto de vistas no necesita cerrojo porque solo lo toca el coordinador: las
//! tareas de las peticiones no lo ven; devuelven sus enlaces al terminar, por el
//! `JoinSet`, y es el coordinador quien decide, de uno en uno, cuáles son nuevos.
//! Comprobar «¿la he visto?» y apuntarla es una sola operación de un solo dueño, así
//! que no hay carrera posible entre dos tareas que encuentran el mismo enlace a la
//! vez. El compilador lo hace cumplir: una tarea de `tokio::spawn` es `'static` y no
//! puede tomar prestado el `HashSet`; para compartirlo haría falta un
//! `Arc<Mutex<…>>`, y no hace falta.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::time::Instant;

use reqwest::Client;
use tokio::sync::watch;
use tokio::task::{self, JoinError, JoinSet};
use tracing::Instrument;
use url::{Origin, Url};

use crate::config::CrawlConfig;
use crate::error::CrawlError;
use crate::fetch::{Fetched, Limits, fetch_page};
use crate::normalize::{parse_seed, same_site};
use crate::progress::Progress;
use crate::report::{CrawlReport, Outcome, PageReport};
use crate::robots::{Robots, fetch_robots};

/// Una URL por pedir: su profundidad y, si se llegó a ella por redirecciones, las
/// URL de la cadena que la precede.
#[derive(Debug)]
struct Job {
    url: Url,
    depth: usize,
    redirects: Vec<Url>,
}

/// Lo que espera en la cola: una página, o el `robots.txt` del sitio de una URL.
#[derive(Debug)]
enum Task {
    Page(Job),
    Robots(Url),
}

/// Lo que dice el `robots.txt` de un sitio, o por qué no se pudo leer.
type Rules = Result<Robots, String>;

/// Rastrea el sitio de `seed` con los límites de `config`.
pub async fn crawl(
    seed: &str,
    config: &CrawlConfig,
) -> Result<CrawlReport, CrawlError> {
    crawl_with_progress(seed, config, watch::Sender::new(Progress::default())).await
}

/// Como [`crawl`], publicando el progreso en `progress` cada vez que cambia el número
/// de peticiones en vuelo. El rastreo suelta el `Sender` al acabar.
#[tracing::instrument(name = "rastreo", skip(config, progress))]
pub async fn crawl_with_progress(
    seed: &str,
    config: &CrawlConfig,
    progress: watch::Sender<Progress>,
) -> Result<CrawlReport, CrawlError> {
    config.validate()?;
    let seed = parse_seed(seed)?;
    let client = Client::builder()
        .redirect(reqwest::redirect::Policy::none()) // las sigue el coordinador
        .no_proxy() // nada sale hacia un proxy: las peticiones van al sitio
        .user_agent(config.user_agent.clone())
        .pool_max_idle_per_host(config.max_concurrency)
        .build()
        .map_err(CrawlError::Client)?;
    let limits = Limits {
        timeout: config.request_timeout,
        max_body_bytes: config.max_body_bytes,
    };
    let started = Instant::now();
    let mut coordinator = Coordinator::new(config, seed.clone());
    coordinator.discover(seed.clone(), 0, Vec::new());
    coordinator.run(&client, limits, &progress).await;
    progress.send_replace(Progress {
        done: coordinator.pages.len(),
        in_flight: 0,
        queued: 0,
    });
    Ok(CrawlReport {
        seed,
        pages: coordinator.pages,
        elapsed: started.elapsed(),
    })
}

/// El estado del rastreo, todo de una sola tarea.
struct Coordinator<'a> {
    config: &'a CrawlConfig,
    seed: Url,
    seen: HashSet<Url>,
    queue: VecDeque<Task>,
    pages: BTreeMap<Url, PageReport>,
    /// El `robots.txt` de cada sitio que ya se leyó.
    robots: HashMap<Origin, Rules>,
    /// Las URL aceptadas de cada sitio cuyo `robots.txt` está en la cola o en vuelo.
    waiting: HashMap<Origin, Vec<Job>>,
    /// URL aceptadas para pedirse: las de la cola, las en vuelo y las ya pedidas.
    accepted: usize,
}

impl<'a> Coordinator<'a> {
    fn new(config: &'a CrawlConfig, seed: Url) -> Self {
        Coordinator {
            config,
            seed,
            seen: HashSet::new(),
            queue: VecDeque::new(),
            pages: BTreeMap::new(),
            robots: HashMap::new(),
            waiting: HashMap::new(),
            accepted: 0,
        }
    }

    // ANCHOR: run
    /// Lanza peticiones mientras haya sitio y trabajo, y espera a la siguiente que
    /// acabe; termina cuando no queda nada en vuelo ni en la cola.
    async fn run(
        &mut self,
        client: &Client,
        limits: Limits,
        progress: &watch::Sender<Progress>,
    ) {
        let mut in_flight = JoinSet::new();
        let mut tasks: HashMap<task::Id, Task> = HashMap::new();
        loop {
            while in_flight.len() < self.config.max_concurrency {
                let Some(task) = self.queue.pop_front() else {
                    break;
                };
                let client = client.clone();
                // La tarea hereda el span del rastreo: el de la petición es su hijo.
                let handle = match &task {
                    Task::Page(job) => in_flight.spawn(
                        fetch_page(client, job.url.clone(), job.depth, limits)
                            .in_current_span(),
                    ),
                    Task::Robots(url) => in_flight.spawn(
                        fetch_robots(client, url.clone(), limits).in_current_span(),
                    ),
                };
                tasks.insert(handle.id(), task);
            }
            progress.send_replace(Progress {
                done: self.pages.len(),
                in_flight: in_flight.len(),
                queued: self.queue.len(),
            });
            // `None`: el JoinSet está vacío, y si lo está es que la cola también.
            let Some(joined) = in_flight.join_next_with_id().await else {
                break;
            };
            let (id, fetched) = match joined {
                Ok((id, fetched)) => (id, Ok(fetched)),
                Err(e) => (e.id(), Err(e)),
            };
            match tasks.remove(&id).expect("cada tarea está apuntada") {
                Task::Page(job) => self.record(job, fetched),
                Task::Robots(url) => self.rules_arrived(url.origin(), fetched),
            }
        }
    }
    // ANCHOR_END: run

    // ANCHOR: discover
    /// Una URL encontrada: si es nueva, o se anota su resultado sin pedirla o se
    /// acepta para pedirla. Es el único sitio que mira y escribe `seen`.
    fn discover(&mut self, url: Url, depth: usize, redirects: Vec<Url>) {
        if !self.seen.insert(url.clone()) {
            return; // ya vista: así acaban los ciclos
        }
        let config = self.config;
        let origin = url.origin();
        let skipped = if config.same_host_only && !same_site(&url, &self.seed) {
            Some(Outcome::External)
        } else if depth > config.max_depth {
            Some(Outcome::BeyondDepth {
                max_depth: config.max_depth,
            })
        } else if let Some(outcome) =
            self.robots.get(&origin).and_then(|r| blocked(r, &url))
        {
            Some(outcome)
        } else if self.accepted >= config.max_pages {
            Some(Outcome::BeyondPageLimit {
                max_pages: config.max_pages,
            })
        } else {
            None
        };
        if let Some(outcome) = skipped {
            self.pages.insert(url, PageReport { depth, outcome });
            return;
        }
        self.accepted += 1;
        let job = Job {
            url,
            depth,
            redirects,
        };
        if self.robots.contains_key(&origin) {
            self.queue.push_back(Task::Page(job));
            return;
        }
        // Un sitio nuevo: primero su `robots.txt`, y la URL espera a que llegue.
        let waiting = self.waiting.entry(origin).or_default();
        if waiting.is_empty() {
            self.queue.push_back(Task::Robots(job.url.clone()));
        }
        waiting.push(job);
    }

    /// Llegó el `robots.txt` de `origin`: las URL que lo esperaban van a la cola, o
    /// al informe si lo prohíbe o no se pudo leer.
    fn rules_arrived(
        &mut self,
        origin: Origin,
        fetched: Result<Fetched, JoinError>,
    ) {
        let rules = match fetched {
            Ok(Fetched::Robots(robots)) => Ok(robots),
            Ok(Fetched::Network(error)) => Err(error),
            Ok(other) => Err(other.label().replace('_', " ")),
            Err(e) => Err(format!("la tarea falló: {e}")),
        };
        for job in self.waiting.remove(&origin).unwrap_or_default() {
            match blocked(&rules, &job.url) {
                None => self.queue.push_back(Task::Page(job)),
                Some(outcome) => {
                    self.accepted -= 1; // no se pedirá
                    let depth = job.depth;
                    self.pages.insert(job.url, PageReport { depth, outcome });
                }
            }
        }
        self.robots.insert(origin, rules);
    }
    // ANCHOR_END: discover

    // ANCHOR: record
    /// Lo que devolvió la petición de `job`: su resultado al informe y sus enlaces, o
    /// el destino de su redirección, a `discover`.
    fn record(&mut self, job: Job, fetched: Result<Fetched, JoinError>) {
        let Job {
            url,
            depth,
            mut redirects,
        } = job;
        let config = self.config;
        let outcome = match fetched {
            Ok(Fetched::Page { status, links }) => {
                let outcome = Outcome::Ok {
                    status,
                    links: links.len(),
                };
                for link in links {
                    self.discover(link, depth + 1, Vec::new());
                }
                outcome
            }
            Ok(Fetched::Redirect { to }) if to == url || redirects.contains(&to) => {
                Outcome::RedirectLoop { to }
            }
            Ok(Fetched::Redirect { .. })
                if redirects.len() >= config.max_redirects =>
            {
                Outcome::TooManyRedirects {
                    limit: config.max_redirects,
                }
            }
            Ok(Fetched::Redirect { to }) => {
                // El destino es de la misma profundidad: una redirección no es un clic.
                redirects.push(url.clone());
                self.discover(to.clone(), depth, redirects);
                Outcome::Redirect { to }
            }
            Ok(Fetched::Status(status)) => Outcome::HttpStatus { status },
            Ok(Fetched::NotHtml(content_type)) => Outcome::NotHtml { content_type },
            Ok(Fetched::TooLarge) => Outcome::TooLarge {
                limit: config.max_body_bytes,
            },
            Ok(Fetched::Timeout) => Outcome::Timeout {
                after_ms: config.request_timeout.as_millis() as u64,
            },
            Ok(Fetched::Network(error)) => Outcome::Network { error },
            // Solo lo devuelve `fetch_robots`, que no pide páginas.
            Ok(Fetched::Robots(_)) => Outcome::Network {
                error: "respuesta inesperada".to_owned(),
            },
            // Una petición que entra en pánico no tumba el rastreo: queda anotada.
            Err(e) => Outcome::Network {
                error: format!("la tarea de la petición falló: {e}"),
            },
        };
        self.pages.insert(url, PageReport { depth, outcome });
    }
    // ANCHOR_END: record
}

/// Por qué no se puede pedir `url` según las reglas de su sitio, si no se puede.
fn blocked(rules: &Rules, url: &Url) -> Option<Outcome> {
    match rules {
        Ok(robots) if robots.allows(url) => None,
        Ok(_) => Some(Outcome::Disallowed),
        Err(reason) => Some(Outcome::RobotsUnavailable {
            reason: reason.clone(),
        }),
    }
}
