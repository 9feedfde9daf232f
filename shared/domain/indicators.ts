/**
 * Decision 766/QĐ-TTg service-quality indicators computed from dossiers (docs/domain.md
 * "Decision 766"), from the same counters as the monthly report (shared/domain/reports.ts).
 *
 * The published description gives each group's weight (transparency 18, progress 20, online
 * service 22, digitization 22, satisfaction 18), not each indicator's points: a group's weight
 * is split evenly over its indicators computed here, so the total's maxScore is 100. An
 * indicator scores maxScore × min(1, rate / target) (2.2: full while at most the statutory
 * time, else maxScore / rate); with nothing to count it scores 0. Indicators counted from
 * optional fields (portal sync, online payment, digitized documents, electronic results, reuse,
 * ratings) read 0 until dossiers carry them (imported legacy dossiers may not).
 */
import type { Counts } from './reports.ts';

export type Indicator = {
  id: string;
  name: string;
  group: IndicatorGroup;
  numerator: number;
  denominator: number;
  /** numerator / denominator, 3 decimals (0 when the denominator is 0). */
  rate: number;
  score: number;
  maxScore: number;
};

export type IndicatorGroup = 'transparency' | 'progress' | 'onlineService' | 'digitization' | 'satisfaction';

export const GROUP_WEIGHTS: Record<IndicatorGroup, number> = {
  transparency: 18,
  progress: 20,
  onlineService: 22,
  digitization: 22,
  satisfaction: 18,
};

export type IndicatorReport = {
  centerId?: string;
  month: string;
  indicators: Indicator[];
  groups: Array<{ group: IndicatorGroup; score: number; maxScore: number }>;
  total: { score: number; maxScore: number };
};

type Definition = {
  id: string;
  name: string;
  group: IndicatorGroup;
  /** Full score at this rate (2.2: at most this rate). */
  target: number;
  lowerIsBetter?: true;
  measure: (n: (name: string) => number, rate14: number) => { numerator: number; denominator: number };
};

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const ratio = (numerator: number, denominator: number) => (denominator === 0 ? 0 : numerator / denominator);

/** Dossiers judged for timeliness: finished (early, on time, late) and still in progress. */
const judged = (n: (name: string) => number) => n('finished') + n('inProgress');

const DEFINITIONS: Definition[] = [
  {
    id: '1.4',
    name: 'Đồng bộ hồ sơ lên Cổng DVCQG (synced to the national portal)',
    group: 'transparency',
    target: 1,
    measure: (n) => ({ numerator: n('synced'), denominator: n('received') }),
  },
  {
    id: '2.1',
    name: 'Hồ sơ đúng hạn (on time)',
    group: 'progress',
    target: 1,
    // Finished early or on time, plus in progress and not overdue; >1 supplement is stored LATE.
    measure: (n) => ({
      numerator: n('early') + n('onTime') + n('inProgress') - n('overdue'),
      denominator: judged(n),
    }),
  },
  {
    id: '2.2',
    name: 'Thời gian giải quyết trung bình (processing time vs statutory)',
    group: 'progress',
    target: 1,
    lowerIsBetter: true,
    // Working minutes taken over statutory working minutes, summed over the finished dossiers.
    measure: (n) => ({ numerator: n('elapsedMinutes'), denominator: n('statutoryMinutes') }),
  },
  {
    id: '3.3',
    name: 'Hồ sơ trực tuyến (online dossiers, × the 1.4 rate)',
    group: 'onlineService',
    target: 0.5,
    measure: (n, rate14) => ({
      numerator: Math.round(n('channel.ONLINE') * rate14),
      denominator: n('received'),
    }),
  },
  {
    id: '3.6',
    name: 'Thanh toán trực tuyến (paid online among fee-bearing dossiers)',
    group: 'onlineService',
    target: 0.8,
    measure: (n) => ({ numerator: n('paidOnline'), denominator: n('feeBearing') }),
  },
  {
    id: '4.1',
    name: 'Kết quả điện tử (electronic results among finished dossiers)',
    group: 'digitization',
    target: 1,
    measure: (n) => ({ numerator: n('electronicResult'), denominator: n('finished') }),
  },
  {
    id: '4.2',
    name: 'Số hóa hồ sơ (documents and result all electronic)',
    group: 'digitization',
    target: 0.8,
    measure: (n) => ({ numerator: n('digitized'), denominator: n('received') }),
  },
  {
    id: '4.3',
    name: 'Tái sử dụng dữ liệu số hóa (reused a digitized document or result)',
    group: 'digitization',
    target: 0.8,
    measure: (n) => ({ numerator: n('reused'), denominator: n('received') }),
  },
  {
    id: '5.4',
    name: 'Mức độ hài lòng (100 % − late % − not satisfied %)',
    group: 'satisfaction',
    target: 0.9,
    // Reported as the satisfied count over the received: received − late − overdue − not satisfied.
    measure: (n) => {
      const lateShare = ratio(n('late') + n('overdue'), judged(n));
      const notSatisfiedShare = ratio(n('notSatisfied'), n('received'));
      const received = n('received');
      return {
        numerator: Math.max(0, Math.round(received * (1 - lateShare - notSatisfiedShare))),
        denominator: received,
      };
    },
  },
];

const groupSizes = (group: IndicatorGroup) => DEFINITIONS.filter((d) => d.group === group).length;

const round2 = (x: number) => Math.round(x * 100) / 100;

function scoreOf(definition: Definition, rate: number, denominator: number, maxScore: number): number {
  // Nothing to count (no dossier of the kind, or the field not stored yet): no points.
  if (denominator === 0) return 0;
  if (definition.lowerIsBetter)
    return rate <= definition.target ? maxScore : maxScore * (definition.target / rate);
  return maxScore * Math.min(1, rate / definition.target);
}

/** The indicators of a center (or the province) for a month, from its counters. */
export function indicatorReport(counts: Counts, month: string, centerId?: string): IndicatorReport {
  const n = (name: string) => counts[name] ?? 0;
  const rate14 = ratio(n('synced'), n('received'));
  const scored = DEFINITIONS.map((d) => {
    const { numerator, denominator } = d.measure(n, rate14);
    const rate = ratio(numerator, denominator);
    const maxScore = GROUP_WEIGHTS[d.group] / groupSizes(d.group);
    return { d, numerator, denominator, rate, maxScore, score: scoreOf(d, rate, denominator, maxScore) };
  });
  // Sums from the unrounded scores: a group's maxScore is its weight exactly, the total's 100.
  const groups = (Object.keys(GROUP_WEIGHTS) as IndicatorGroup[]).map((group) => {
    const members = scored.filter((s) => s.d.group === group);
    return {
      group,
      score: members.reduce((sum, s) => sum + s.score, 0),
      maxScore: members.reduce((sum, s) => sum + s.maxScore, 0),
    };
  });
  return {
    ...(centerId ? { centerId } : {}),
    month,
    indicators: scored.map(
      (s): Indicator => ({
        id: s.d.id,
        name: s.d.name,
        group: s.d.group,
        numerator: s.numerator,
        denominator: s.denominator,
        rate: round3(s.rate),
        score: round2(s.score),
        maxScore: round2(s.maxScore),
      }),
    ),
    groups: groups.map((g) => ({ group: g.group, score: round2(g.score), maxScore: round2(g.maxScore) })),
    total: {
      score: round2(groups.reduce((sum, g) => sum + g.score, 0)),
      maxScore: round2(groups.reduce((sum, g) => sum + g.maxScore, 0)),
    },
  };
}
