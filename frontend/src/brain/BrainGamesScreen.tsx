// The brain games (route /brain): choose a game (`?game=stroop`), play it, see the result as
// the server scored it, and the last games played.
import { type ComponentType, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";

import { useCurrentUser } from "../auth/AuthProvider";
import { BRAIN_GAME_LABELS } from "../ui/format";
import { PageHeader } from "../ui/PageHeader";
import type { BrainGame } from "../ui/vocabulary";
import { BrainHistory } from "./BrainHistory";
import type { GameProps } from "./GameChrome";
import { GameResult } from "./GameResult";
import { MemoryMatchGame } from "./MemoryMatchGame";
import { useSaveGame } from "./queries";
import { ReactionTimeGame } from "./ReactionTimeGame";
import { SequenceRecallGame } from "./SequenceRecallGame";
import { StroopGame } from "./StroopGame";
import type { PlayedGame } from "./trials";
import styles from "./BrainGames.module.css";

const GAMES: Record<BrainGame, { component: ComponentType<GameProps>; summary: string }> = {
  "memory-match": { component: MemoryMatchGame, summary: "Find the pairs among face-down cards. No clock." },
  "reaction-time": { component: ReactionTimeGame, summary: "Press as soon as the circle turns green." },
  stroop: { component: StroopGame, summary: "Name the ink colour of a colour word, not the word." },
  "sequence-recall": { component: SequenceRecallGame, summary: "Repeat a growing sequence of lights." },
};
const ORDER: BrainGame[] = ["memory-match", "reaction-time", "stroop", "sequence-recall"];

function isBrainGame(value: string | null): value is BrainGame {
  return value !== null && Object.hasOwn(GAMES, value);
}

export function BrainGamesScreen() {
  const user = useCurrentUser();
  const [params] = useSearchParams();
  const game = params.get("game");

  if (!isBrainGame(game)) {
    return (
      <>
        <PageHeader title="Brain games" subtitle="Short games for attention and memory. Play at your own pace." />
        <ul className={styles.chooser} aria-label="Games">
          {ORDER.map((id) => (
            <li key={id}>
              <Link className={styles.choice} to={`/brain?game=${id}`}>
                <span className={styles.choiceName}>{BRAIN_GAME_LABELS[id]}</span>
                <p>{GAMES[id].summary}</p>
              </Link>
            </li>
          ))}
        </ul>
        <BrainHistory patientId={user.id} />
      </>
    );
  }
  // Keyed by game: another game starts from a clean slate, not from the last one's result.
  return <GamePlayer key={game} game={game} patientId={user.id} />;
}

function GamePlayer({ game, patientId }: { game: BrainGame; patientId: number }) {
  const navigate = useNavigate();
  const [played, setPlayed] = useState<PlayedGame | null>(null);
  const [round, setRound] = useState(0);
  const save = useSaveGame(patientId);
  const Game = GAMES[game].component;
  const playAgain = () => {
    setPlayed(null);
    save.reset();
    setRound((n) => n + 1);
  };
  return (
    <>
      <PageHeader title={BRAIN_GAME_LABELS[game]} subtitle={<Link to="/brain">All brain games</Link>} />
      {played ? (
        <GameResult played={played} save={save} onPlayAgain={playAgain} />
      ) : (
        <Game
          key={round}
          onFinish={(finished) => {
            setPlayed(finished);
            save.mutate(finished);
          }}
          onQuit={() => void navigate("/brain")}
        />
      )}
    </>
  );
}
