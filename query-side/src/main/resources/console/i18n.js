// Labels of the console in English and Chinese; explanations bring their own narrative in both.
const LABELS = {
  en: {
    title: 'Loan ledger console',
    'nav.account': 'Accounts', 'nav.appeals': 'Appeals', 'nav.portfolio': 'Portfolio', 'nav.projections': 'Projections',
    token: 'Bearer token', signIn: 'Use token', signedIn: 'Token in use', signOut: 'Forget token',
    needToken: 'Enter a bearer token to read the ledger.',
    find: 'Find an account', accountId: 'Account id', show: 'Show', restrictedAccounts: 'Accounts by status',
    anyStatus: 'any status', limits: 'Limits', status: 'Status', currency: 'Currency', creditLimit: 'Credit limit',
    outstanding: 'Outstanding', available: 'Available', version: 'Version', restriction: 'Restriction',
    none: 'none', since: 'since', drawdowns: 'Open drawdowns', drawdown: 'Drawdown', principal: 'Principal',
    dueDate: 'Due', timeline: 'Timeline', byTime: 'by time', byEvent: 'one step per event',
    timelineHint: 'Click the chart or an event to see the explanation at that instant.',
    events: 'Events', sequence: 'Seq.', at: 'At', type: 'Event', summary: 'Summary',
    explanation: 'Explanation', explanationAt: 'Explanation at', canBorrow: 'Can borrow', yes: 'yes', no: 'no',
    kind: 'Kind', reasonCode: 'Reason', imposedAt: 'Imposed at', imposedBy: 'Imposed by', policy: 'Policy',
    rule: 'Rule', model: 'Model', batch: 'Batch', note: 'Note', automated: 'Solely automated',
    reasons: 'Principal reasons', observed: 'Observed', threshold: 'Threshold', evidence: 'Evidence',
    before: 'Before', after: 'After', liftableBy: 'Can be lifted by', alsoInForce: 'Also in force',
    episodes: 'Restriction episodes', ended: 'Ended', endedBy: 'by', stillInForce: 'still in force',
    appeals: 'Appeals queue', all: 'all', open: 'open', decided: 'decided', overdueOnly: 'overdue only',
    appeal: 'Appeal', account: 'Account', filedAt: 'Filed', dueBy: 'Due by', overdue: 'overdue',
    decidedBy: 'Decided by', decision: 'Decision', uphold: 'Uphold', reject: 'Reject',
    decisionNote: 'Decision note', decisionSent: 'Decision recorded for appeal', asOf: 'as of',
    portfolio: 'Portfolio', accountsByStatus: 'Accounts by status', totals: 'Totals by currency',
    accounts: 'Accounts', totalLimit: 'Total limit', totalOutstanding: 'Total outstanding',
    restrictionsByReason: 'Restrictions in force by reason',
    projections: 'Projections', name: 'Name', position: 'Position', head: 'Head', lag: 'Lag (events)',
    progress: 'Progress', deadLetters: 'Dead letters', rebuild: 'Rebuild', rebuilding: 'rebuilding',
    upToDate: 'up to date', rebuildStarted: 'Rebuild started:', error: 'Error', refresh: 'Refresh',
    limitLine: 'limit', outstandingLine: 'outstanding', availableLine: 'available', restrictedBand: 'restricted',
    noAccount: 'No account with this id.', loading: 'Loading…', empty: 'Nothing here.',
  },
  zh: {
    title: '贷款账本控制台',
    'nav.account': '账户', 'nav.appeals': '申诉', 'nav.portfolio': '资产组合', 'nav.projections': '投影视图',
    token: '访问令牌', signIn: '使用令牌', signedIn: '令牌已启用', signOut: '清除令牌',
    needToken: '请输入访问令牌以查看账本。',
    find: '查找账户', accountId: '账户编号', show: '查看', restrictedAccounts: '按状态列出账户',
    anyStatus: '全部状态', limits: '额度', status: '状态', currency: '币种', creditLimit: '授信额度',
    outstanding: '未还金额', available: '可用额度', version: '版本', restriction: '限制',
    none: '无', since: '自', drawdowns: '未结清借款', drawdown: '借款', principal: '本金',
    dueDate: '到期日', timeline: '时间线', byTime: '按时间', byEvent: '按事件等距',
    timelineHint: '点击图表或事件，查看该时刻的解释。',
    events: '事件', sequence: '序号', at: '时间', type: '事件', summary: '摘要',
    explanation: '解释', explanationAt: '解释时刻', canBorrow: '可以借款', yes: '是', no: '否',
    kind: '类型', reasonCode: '原因', imposedAt: '施加时间', imposedBy: '施加方', policy: '策略',
    rule: '规则', model: '模型', batch: '批次', note: '备注', automated: '完全自动决策',
    reasons: '主要原因', observed: '观察值', threshold: '阈值', evidence: '证据',
    before: '之前', after: '之后', liftableBy: '解除方式', alsoInForce: '同时生效',
    episodes: '限制记录', ended: '已解除', endedBy: '解除方', stillInForce: '仍然生效',
    appeals: '申诉队列', all: '全部', open: '待处理', decided: '已决定', overdueOnly: '仅逾期',
    appeal: '申诉', account: '账户', filedAt: '提交时间', dueBy: '处理期限', overdue: '已逾期',
    decidedBy: '决定人', decision: '决定', uphold: '支持', reject: '驳回',
    decisionNote: '决定说明', decisionSent: '已记录申诉决定', asOf: '截至',
    portfolio: '资产组合', accountsByStatus: '各状态账户数', totals: '各币种合计',
    accounts: '账户数', totalLimit: '授信总额', totalOutstanding: '未还总额',
    restrictionsByReason: '按原因统计的生效限制',
    projections: '投影视图', name: '名称', position: '位置', head: '最新', lag: '落后事件数',
    progress: '进度', deadLetters: '死信', rebuild: '重建', rebuilding: '重建中',
    upToDate: '已同步', rebuildStarted: '已开始重建：', error: '错误', refresh: '刷新',
    limitLine: '额度', outstandingLine: '未还', availableLine: '可用', restrictedBand: '受限',
    noAccount: '没有此编号的账户。', loading: '加载中…', empty: '暂无内容。',
  },
};

const KEY = 'ledger.console.lang';
let current = sessionStorage.getItem(KEY) === 'zh' ? 'zh' : 'en';

export function lang() {
  return current;
}

export function setLang(value) {
  current = value === 'zh' ? 'zh' : 'en';
  sessionStorage.setItem(KEY, current);
  document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
}

export function t(key) {
  return LABELS[current][key] ?? LABELS.en[key] ?? key;
}

/** Relabels every element that names its label with data-i18n. */
export function relabel(root = document) {
  root.querySelectorAll('[data-i18n]').forEach((element) => {
    element.textContent = t(element.dataset.i18n);
  });
}
