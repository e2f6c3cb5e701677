//! The binary: reads argv and the environment once, runs the check, exits.

fn main() -> std::process::ExitCode {
    let env = hf_token_check::Env::from_process();
    let exit = hf_token_check::run(hf_token_check::args(), &env);
    std::process::ExitCode::from(exit.code())
}
