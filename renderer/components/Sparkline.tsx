/** A packets-per-second sparkline: the last minute of one interface's rate, newest at the right. */
import { RATE_SAMPLES, sparklinePoints } from '../capture/rates';

export const SPARK_WIDTH = 120;
export const SPARK_HEIGHT = 20;

export function Sparkline({ pps, label }: { pps: readonly number[]; label: string }) {
  const points = sparklinePoints(pps, SPARK_WIDTH, SPARK_HEIGHT, RATE_SAMPLES);
  return (
    <svg
      className="sparkline"
      data-testid="sparkline"
      data-samples={pps.length}
      width={SPARK_WIDTH}
      height={SPARK_HEIGHT}
      viewBox={`0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}`}
      role="img"
      aria-label={label}
    >
      <line className="sparkline-base" x1={0} y1={SPARK_HEIGHT - 0.5} x2={SPARK_WIDTH} y2={SPARK_HEIGHT - 0.5} />
      {points !== '' && <polyline className="sparkline-line" points={points} />}
    </svg>
  );
}
