/**
 * The capture filter: a pcap-filter expression the kernel runs, checked as it is typed for the selected
 * interface's link type (green / red with the error underlined, as the display filter bar). Enter starts.
 */
import { useAppStore } from '../store/app-store';
import { captureFilterFailure, captureFilterProblem, captureFilterTone } from '../store/capture/selectors';
import { FilterErrorLine, FilterField } from './FilterField';

/** `name` keeps ids unique when the options dialog shows a second field over the start page's. */
export function CaptureFilterField({ onChange, onEnter, name = 'capture-filter' }: { onChange(text: string): void; onEnter(): void; name?: string }) {
  const text = useAppStore((s) => s.capture.filterText);
  const tone = useAppStore((s) => captureFilterTone(s.capture));
  const problem = useAppStore((s) => captureFilterProblem(s.capture));
  const failure = useAppStore((s) => captureFilterFailure(s.capture));
  return (
    <div className="capture-filter">
      <FilterField
        name={name}
        text={text}
        tone={tone}
        problem={problem}
        failure={failure}
        label="Capture filter (pcap-filter syntax, run in the kernel)"
        placeholder="Capture filter, e.g. udp or host 10.0.0.1 … (empty: every packet)"
        onChange={onChange}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            onEnter();
          }
        }}
      />
      <FilterErrorLine name={name} text={text} problem={problem} failure={failure} />
    </div>
  );
}
